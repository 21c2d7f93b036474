package dev.simebs.common.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.backend.api.ErrorReason;
import io.grpc.Status;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000), 2.0);

  @ParameterizedTest
  @EnumSource(value = ErrorReason.class, names = {"REQUEST_LIMIT_EXCEEDED", "SERVICE_UNAVAILABLE"})
  void throttlingAndUnavailabilityAreRetried(ErrorReason reason) {
    assertThat(policy.isRetryable(failure(reason, Status.Code.RESOURCE_EXHAUSTED))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorReason.class,
      names = {"REQUEST_LIMIT_EXCEEDED", "SERVICE_UNAVAILABLE", "ERROR_REASON_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void otherReasonsAreNotRetried(ErrorReason reason) {
    assertThat(policy.isRetryable(failure(reason, Status.Code.UNAVAILABLE))).isFalse();
  }

  @Test
  void lostConnectionWithoutReasonIsRetried() {
    assertThat(policy.isRetryable(failure(ErrorReason.ERROR_REASON_UNSPECIFIED, Status.Code.UNAVAILABLE))).isTrue();
  }

  @Test
  void deadlineWithoutReasonIsNotRetried() {
    assertThat(policy.isRetryable(failure(ErrorReason.ERROR_REASON_UNSPECIFIED, Status.Code.DEADLINE_EXCEEDED)))
        .isFalse();
  }

  @Test
  void backoffDoublesPerAttemptWithinHalfAndWholeStep() {
    assertThat(policy.backoff(1, fixed(0.0))).isEqualTo(Duration.ofMillis(50));
    assertThat(policy.backoff(1, fixed(0.999999))).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(policy.backoff(2, fixed(0.0))).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(3, fixed(0.0))).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void backoffIsCappedAtTheMaximum() {
    assertThat(policy.backoff(30, fixed(0.999999))).isLessThanOrEqualTo(Duration.ofMillis(1000));
    assertThat(policy.backoff(30, fixed(0.0))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void jitterSpreadsWaitsOfTheSameAttempt() {
    RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    long distinct =
        java.util.stream.IntStream.range(0, 20).mapToObj(i -> policy.backoff(3, random)).distinct().count();
    assertThat(distinct).isGreaterThan(1);
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  private static BackendFailure failure(ErrorReason reason, Status.Code code) {
    return new BackendFailure("AttachVolume", reason, code, "no", "");
  }
}
