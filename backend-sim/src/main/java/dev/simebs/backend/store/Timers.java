package dev.simebs.backend.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends transitional states (creating, attaching, pending ...) after their configured latency.
 * The timer thread only hands work to a virtual thread, so a slow commit never delays other
 * timers. Timers are not persisted: on restart, reconciliation completes what was pending.
 */
public final class Timers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Timers.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("backend-timers").daemon().factory());

  /** Runs {@code task} after {@code delay}; a failure is logged with {@code what}. */
  public void after(Duration delay, String what, Runnable task) {
    scheduler.schedule(
        () -> Thread.ofVirtual().name("transition-", 0).start(() -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("completing {} failed: {}", what, e.toString());
          }
        }),
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
