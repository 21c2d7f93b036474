package dev.simebs.node.ephemeral;

import dev.simebs.node.failure.NodeFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls the backend's asynchronous states (creating, attaching ...) with a growing pause. */
final class Waiter {

  private static final Duration FIRST_PAUSE = Duration.ofMillis(2);
  private static final Duration LONGEST_PAUSE = Duration.ofMillis(200);

  private final Duration timeout;

  Waiter(Duration timeout) {
    this.timeout = timeout;
  }

  <T> T until(String what, Supplier<Optional<T>> probe) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration pause = FIRST_PAUSE;
    while (true) {
      Optional<T> result = probe.get();
      if (result.isPresent()) {
        return result.get();
      }
      if (System.nanoTime() > deadline) {
        throw new NodeFailure.GaveUpWaiting("gave up waiting for " + what + " after " + timeout);
      }
      Thread.sleep(pause);
      pause =
          pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
              ? LONGEST_PAUSE
              : pause.multipliedBy(2);
    }
  }
}
