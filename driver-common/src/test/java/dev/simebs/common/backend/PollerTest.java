package dev.simebs.common.backend;

import static dev.simebs.common.testing.DomainAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.errors.ControllerRefusal.Reason;
import dev.simebs.common.errors.ControllerRefusal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollerTest {

  private final FakeTime time = new FakeTime();

  @Test
  void objectAlreadyThereIsReturnedWithoutWaiting() {
    String result = poller(CallerDeadline.none()).until("it", () -> "ready", "ready"::equals);

    assertThat(result).isEqualTo("ready");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void probesUntilDoneWithDoublingPausesUpToTheMaximum() {
    AtomicInteger probes = new AtomicInteger();

    int result = poller(CallerDeadline.none()).until("it", probes::incrementAndGet, n -> n == 6);

    assertThat(result).isEqualTo(6);
    assertThat(time.sleeps())
        .containsExactly(ms(10), ms(20), ms(40), ms(50), ms(50));
  }

  @Test
  void givesUpWithDeadlineExceededWhenTheCallerDeadlinePasses() {
    AtomicInteger probes = new AtomicInteger();

    assertRefused(
            Reason.TIMED_OUT,
            () -> poller(time.deadlineIn(ms(100))).until("vol-1 to attach", probes::incrementAndGet, n -> false))
        .contains("vol-1 to attach");
    assertThat(time.nanoTime()).isEqualTo(ms(100).toNanos());
  }

  @Test
  void withoutCallerDeadlineTheOperationTimeoutBounds() {
    assertRefused(
        Reason.TIMED_OUT, () -> poller(CallerDeadline.none()).until("it", () -> 1, n -> false));
    assertThat(time.nanoTime()).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void probeFailureEndsTheWait() {
    assertRefused(
        Reason.CLOUD_FAILED,
        () ->
            poller(CallerDeadline.none())
                .until("it", () -> { throw ControllerRefusal.cloudFailed("it failed"); }, n -> false));
  }

  @Test
  void cancelledCallerStopsTheWait() {
    CallerDeadline cancelled =
        new CallerDeadline() {
          @Override
          public java.util.Optional<Duration> remaining() {
            return java.util.Optional.empty();
          }

          @Override
          public boolean cancelled() {
            return true;
          }
        };

    assertRefused(Reason.CALLER_GONE, () -> poller(cancelled).until("it", () -> 1, n -> false));
    assertThat(time.sleeps()).isEmpty();
  }

  private Poller poller(CallerDeadline caller) {
    return new Poller(time, caller, ms(10), ms(50), Duration.ofSeconds(1));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
