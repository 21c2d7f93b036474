package dev.simebs.common.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.DescribeZonesResponse;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Zone;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deadlines and retries of backend calls, against a scripted in-process backend on a fake clock. */
class BackendCallsTest {

  private final ScriptedBackend backend = new ScriptedBackend();
  private final BackendConnection connection = BackendConnection.inProcess(List.of(backend));
  private final FakeTime time = new FakeTime();
  private final RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);

  @AfterEach
  void close() {
    connection.close();
  }

  @Test
  void throttledCallIsRetriedUntilItSucceeds() {
    backend.failNext(ErrorReason.REQUEST_LIMIT_EXCEEDED, ErrorReason.REQUEST_LIMIT_EXCEEDED);

    DescribeZonesResponse zones = calls(CallerDeadline.none()).call("DescribeZones", this::describeZones);

    assertThat(zones.getZones(0).getName()).isEqualTo("sim-a");
    assertThat(backend.calls()).isEqualTo(3);
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void retriesStopAfterMaxAttemptsWithTheLastReason() {
    backend.failNext(
        ErrorReason.SERVICE_UNAVAILABLE, ErrorReason.SERVICE_UNAVAILABLE,
        ErrorReason.SERVICE_UNAVAILABLE, ErrorReason.SERVICE_UNAVAILABLE, ErrorReason.SERVICE_UNAVAILABLE);

    BackendFailure failure =
        catchThrowableOfType(
            BackendFailure.class, () -> calls(CallerDeadline.none()).call("DescribeZones", this::describeZones));

    assertThat(failure.reason()).isEqualTo(ErrorReason.SERVICE_UNAVAILABLE);
    assertThat(backend.calls()).isEqualTo(4);
  }

  @Test
  void otherFailuresAreNotRetried() {
    backend.failNext(ErrorReason.INVALID_PARAMETER_VALUE);

    BackendFailure failure =
        catchThrowableOfType(
            BackendFailure.class, () -> calls(CallerDeadline.none()).call("DescribeZones", this::describeZones));

    assertThat(failure.reason()).isEqualTo(ErrorReason.INVALID_PARAMETER_VALUE);
    assertThat(failure.getMessage()).contains("DescribeZones").contains("scripted failure");
    assertThat(backend.calls()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void noRetryWhenTheCallerWouldGiveUpBeforeTheNextAttempt() {
    RetryPolicy slowRetry = new RetryPolicy(4, Duration.ofSeconds(10), Duration.ofSeconds(10), 2.0);
    backend.failNext(ErrorReason.REQUEST_LIMIT_EXCEEDED);

    BackendFailure failure =
        catchThrowableOfType(
            BackendFailure.class,
            () ->
                new BackendCalls<>(
                        connection.backend(), slowRetry, Duration.ofSeconds(10), time.deadlineIn(Duration.ofSeconds(5)),
                        time, RetryPolicyTest.fixed(0.5))
                    .call("DescribeZones", this::describeZones));

    assertThat(failure.reason()).isEqualTo(ErrorReason.REQUEST_LIMIT_EXCEEDED);
    assertThat(backend.calls()).isEqualTo(1);
  }

  @Test
  void callerWithoutTimeLeftDoesNotReachTheBackend() {
    BackendFailure failure =
        catchThrowableOfType(
            BackendFailure.class,
            () -> calls(() -> Optional.of(Duration.ZERO)).call("DescribeZones", this::describeZones));

    assertThat(failure.transportCode()).isEqualTo(io.grpc.Status.Code.DEADLINE_EXCEEDED);
    assertThat(backend.calls()).isZero();
  }

  @Test
  void everyCallCarriesADeadlineCappedByTheCallTimeout() {
    calls(CallerDeadline.none()).call("DescribeZones", this::describeZones);

    assertThat(backend.lastDeadline()).isNotNull();
    assertThat(backend.lastDeadline().timeRemaining(TimeUnit.MILLISECONDS)).isBetween(1L, 5_000L);
  }

  @Test
  void callDeadlineFollowsANearerCallerDeadline() {
    calls(() -> Optional.of(Duration.ofMillis(1500))).call("DescribeZones", this::describeZones);

    assertThat(backend.lastDeadline().timeRemaining(TimeUnit.MILLISECONDS)).isBetween(1L, 1500L);
  }

  private DescribeZonesResponse describeZones(BackendGrpc.BackendBlockingStub stub) {
    return stub.describeZones(DescribeZonesRequest.getDefaultInstance());
  }

  private BackendCalls<BackendGrpc.BackendBlockingStub> calls(CallerDeadline caller) {
    return new BackendCalls<>(
        connection.backend(), retry, Duration.ofSeconds(5), caller, time, RetryPolicyTest.fixed(0.5));
  }

  /** Answers DescribeZones, failing first with the scripted reasons. */
  static final class ScriptedBackend extends BackendGrpc.BackendImplBase {
    private final Deque<ErrorReason> failures = new ArrayDeque<>();
    private final List<Deadline> deadlines = new ArrayList<>();

    synchronized void failNext(ErrorReason... reasons) {
      failures.addAll(List.of(reasons));
    }

    synchronized int calls() {
      return deadlines.size();
    }

    synchronized Deadline lastDeadline() {
      return deadlines.getLast();
    }

    @Override
    public void describeZones(DescribeZonesRequest request, StreamObserver<DescribeZonesResponse> observer) {
      ErrorReason failure;
      synchronized (this) {
        deadlines.add(Context.current().getDeadline());
        failure = failures.poll();
      }
      if (failure != null) {
        observer.onError(BackendErrors.error(failure, "scripted failure"));
        return;
      }
      observer.onNext(
          DescribeZonesResponse.newBuilder().addZones(Zone.newBuilder().setName("sim-a").setFreeGib(10)).build());
      observer.onCompleted();
    }
  }
}
