package dev.simebs.node.registration;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.RegisterNodeRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the node with the backend in the background, retrying with capped exponential
 * backoff until the backend accepts it. The node serves kubelet meanwhile: NodeUnpublish and
 * NodeUnstage never need the backend, so a backend that is down (or that refuses this node's
 * zone) never leaves pods hanging in Terminating; only attaching new volumes waits for this.
 */
public final class BackendRegistration implements AutoCloseable {

  /** One attempt at registering; throws when the backend refuses or cannot be reached. */
  @FunctionalInterface
  public interface Attempt {
    void register() throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(BackendRegistration.class);
  private static final long CALL_DEADLINE_SECONDS = 10;

  private final Attempt attempt;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final CountDownLatch registered = new CountDownLatch(1);
  private final Thread worker;

  private BackendRegistration(Attempt attempt, Duration firstDelay, Duration maxDelay) {
    this.attempt = attempt;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
    this.worker = Thread.ofVirtual().name("backend-registration").unstarted(this::run);
  }

  /** Starts registering {@code request} with {@code backend}: first at once, then 1 s … 60 s apart. */
  public static BackendRegistration start(
      BackendGrpc.BackendBlockingStub backend, RegisterNodeRequest request) {
    return start(
        () -> backend
            .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
            .registerNode(request),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60));
  }

  /** Starts retrying {@code attempt} with the given backoff bounds. */
  public static BackendRegistration start(Attempt attempt, Duration firstDelay, Duration maxDelay) {
    BackendRegistration registration = new BackendRegistration(attempt, firstDelay, maxDelay);
    registration.worker.start();
    return registration;
  }

  /** True once the backend accepted the node. */
  public boolean registered() {
    return registered.getCount() == 0;
  }

  /** Waits up to {@code timeout} for the registration; true when it happened. */
  public boolean awaitRegistered(Duration timeout) throws InterruptedException {
    return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    worker.interrupt();
  }

  private void run() {
    Duration delay = firstDelay;
    for (int failures = 0; ; failures++) {
      try {
        attempt.register();
        registered.countDown();
        log.info("registered with the backend after {} failed attempts", failures);
        return;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        log.warn("cannot register with the backend yet (retrying in {}): {}", delay, e.getMessage());
      }
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        return;
      }
      delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
    }
  }
}
