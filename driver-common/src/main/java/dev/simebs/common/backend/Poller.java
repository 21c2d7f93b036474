package dev.simebs.common.backend;

import dev.simebs.common.errors.ControllerRefusal;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a backend object to reach a state (a volume to become available, an attachment to
 * become attached) by asking again with growing pauses, for as long as the CSI caller waits,
 * capped by {@code operationTimeout}. A probe that sees a failed state throws; running out of time
 * is DEADLINE_EXCEEDED, which the sidecars retry (the repeated call finds the object further on).
 */
public final class Poller {

  private final TimeSource time;
  private final CallerDeadline caller;
  private final Duration initialInterval;
  private final Duration maxInterval;
  private final Duration operationTimeout;

  public Poller(
      TimeSource time,
      CallerDeadline caller,
      Duration initialInterval,
      Duration maxInterval,
      Duration operationTimeout) {
    this.time = time;
    this.caller = caller;
    this.initialInterval = initialInterval;
    this.maxInterval = maxInterval;
    this.operationTimeout = operationTimeout;
  }

  /**
   * Probes until {@code done} accepts the result, and returns it.
   *
   * @param what the awaited condition, for the timeout message ("vol-… to become available")
   */
  public <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
    long deadline = time.nanoTime() + caller.cappedAt(operationTimeout).toNanos();
    Duration interval = initialInterval;
    while (true) {
      T value = probe.get();
      if (done.test(value)) {
        return value;
      }
      if (caller.cancelled()) {
        throw ControllerRefusal.callerGone("the caller gave up waiting for %s", what);
      }
      long left = deadline - time.nanoTime();
      if (left <= 0) {
        throw ControllerRefusal.timedOut("timed out waiting for %s", what);
      }
      Duration pause = interval.compareTo(Duration.ofNanos(left)) < 0 ? interval : Duration.ofNanos(left);
      try {
        time.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ControllerRefusal.busy("interrupted while waiting for %s", what);
      }
      interval = interval.multipliedBy(2).compareTo(maxInterval) < 0 ? interval.multipliedBy(2) : maxInterval;
    }
  }
}
