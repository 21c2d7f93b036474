package dev.simebs.common.backend;

import dev.simebs.backend.api.ErrorReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a controller calls the backend: every call gets a deadline (the CSI caller's,
 * capped by {@code callTimeout}), throttling and transient failures are retried with jittered
 * backoff while the caller still waits, and any failure comes out as a {@link BackendFailure}.
 * The block driver uses it with the volume API's stub, the EFS driver with the file-system API's.
 *
 * @param <S> the blocking stub calls are made on
 */
public final class BackendCalls<S extends AbstractStub<S>> {

  private static final Logger log = LoggerFactory.getLogger(BackendCalls.class);

  private final S stub;
  private final RetryPolicy retry;
  private final Duration callTimeout;
  private final CallerDeadline caller;
  private final TimeSource time;
  private final RandomGenerator random;

  public BackendCalls(
      S stub,
      RetryPolicy retry,
      Duration callTimeout,
      CallerDeadline caller,
      TimeSource time,
      RandomGenerator random) {
    this.stub = stub;
    this.retry = retry;
    this.callTimeout = callTimeout;
    this.caller = caller;
    this.time = time;
    this.random = random;
  }

  /**
   * Runs {@code rpc} against a stub with a deadline, retrying what {@link RetryPolicy} allows.
   *
   * @param operation the backend RPC's name, for messages and logs
   */
  public <T> T call(String operation, Function<S, T> rpc) {
    for (int attempt = 1; ; attempt++) {
      Duration budget = caller.cappedAt(callTimeout);
      if (budget.isNegative() || budget.isZero()) {
        throw new BackendFailure(
            operation,
            ErrorReason.ERROR_REASON_UNSPECIFIED,
            Status.Code.DEADLINE_EXCEEDED,
            "the caller's deadline passed before the backend was called",
            "");
      }
      BackendFailure failure;
      try {
        return rpc.apply(stub.withDeadlineAfter(budget.toNanos(), TimeUnit.NANOSECONDS));
      } catch (StatusRuntimeException e) {
        failure = BackendFailure.of(operation, e);
      }
      if (!retry.isRetryable(failure) || attempt >= retry.maxAttempts()) {
        throw failure;
      }
      Duration wait = retry.backoff(attempt, random);
      if (caller.cappedAt(callTimeout).compareTo(wait) <= 0) {
        throw failure; // the caller would give up before the next attempt could answer
      }
      log.debug("backend {} failed ({}), retry {} in {} ms", operation, failure.reason(), attempt, wait.toMillis());
      sleep(wait, failure);
    }
  }

  private void sleep(Duration wait, BackendFailure failure) {
    try {
      time.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }
}
