package dev.simebs.common.backend;

import io.grpc.Status;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Which backend failures are worth another try, and how long to wait before it: exponential
 * backoff with "equal jitter" (half the step fixed, half random), capped, for a bounded number of
 * attempts. Jitter keeps many throttled callers from retrying in lockstep.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0);
  }

  /** Throttling and transient unavailability; everything else would fail the same way again. */
  public boolean isRetryable(BackendFailure failure) {
    return switch (failure.reason()) {
      case REQUEST_LIMIT_EXCEEDED, SERVICE_UNAVAILABLE -> true;
      case ERROR_REASON_UNSPECIFIED -> failure.transportCode() == Status.Code.UNAVAILABLE;
      default -> false;
    };
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration backoff(int attempt, RandomGenerator random) {
    double step = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    long capped = (long) Math.min(step, maxBackoff.toNanos());
    long half = capped / 2;
    return Duration.ofNanos(half + (long) (random.nextDouble() * (capped - half)));
  }
}
