package dev.simebs.common.backend;

import io.grpc.Context;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** How long the caller of the current CSI RPC is still waiting, when it said so. */
@FunctionalInterface
public interface CallerDeadline {

  Optional<Duration> remaining();

  /** True once the caller gave up (cancelled the call); waiting on its behalf is then pointless. */
  default boolean cancelled() {
    return false;
  }

  /** The deadline of the gRPC call this thread is serving (none outside a call). */
  static CallerDeadline grpcContext() {
    return new CallerDeadline() {
      @Override
      public Optional<Duration> remaining() {
        Deadline deadline = Context.current().getDeadline();
        return deadline == null
            ? Optional.empty()
            : Optional.of(Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS)));
      }

      @Override
      public boolean cancelled() {
        return Context.current().isCancelled();
      }
    };
  }

  /** A caller that set no deadline. */
  static CallerDeadline none() {
    return Optional::empty;
  }

  /** The caller's remaining time capped at {@code cap}; {@code cap} when the caller set none. */
  default Duration cappedAt(Duration cap) {
    return remaining().filter(left -> left.compareTo(cap) < 0).orElse(cap);
  }
}
