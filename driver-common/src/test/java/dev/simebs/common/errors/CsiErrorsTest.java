package dev.simebs.common.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.ErrorReason;
import dev.simebs.common.backend.BackendFailure;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** One case per row of the error table in docs/controller.md. */
class CsiErrorsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "INVALID_PARAMETER_VALUE, INVALID_ARGUMENT",
    "MISSING_PARAMETER, INVALID_ARGUMENT",
    "VOLUME_NOT_FOUND, NOT_FOUND",
    "SNAPSHOT_NOT_FOUND, NOT_FOUND",
    "NODE_NOT_FOUND, NOT_FOUND",
    "ATTACHMENT_NOT_FOUND, NOT_FOUND",
    "VOLUME_IN_USE, FAILED_PRECONDITION",
    "INCORRECT_STATE, FAILED_PRECONDITION",
    "ZONE_MISMATCH, FAILED_PRECONDITION",
    "MODIFICATION_RATE_EXCEEDED, FAILED_PRECONDITION",
    "INSUFFICIENT_VOLUME_CAPACITY, RESOURCE_EXHAUSTED",
    "ATTACHMENT_LIMIT_EXCEEDED, RESOURCE_EXHAUSTED",
    "VOLUME_LIMIT_EXCEEDED, RESOURCE_EXHAUSTED",
    "IDEMPOTENT_PARAMETER_MISMATCH, ALREADY_EXISTS",
    "REQUEST_LIMIT_EXCEEDED, UNAVAILABLE",
    "SERVICE_UNAVAILABLE, UNAVAILABLE",
    "UNAUTHORIZED, INTERNAL",
    "INTERNAL_ERROR, INTERNAL",
    "FILE_SYSTEM_NOT_FOUND, NOT_FOUND",
    "ACCESS_POINT_NOT_FOUND, NOT_FOUND",
    "MOUNT_TARGET_NOT_FOUND, FAILED_PRECONDITION",
    "FILE_SYSTEM_IN_USE, FAILED_PRECONDITION",
    "ACCESS_POINT_LIMIT_EXCEEDED, RESOURCE_EXHAUSTED",
    "MOUNT_TARGET_UNAVAILABLE, UNAVAILABLE",
  })
  void backendReasonMapsToCsiCode(ErrorReason reason, Status.Code expected) {
    assertThat(CsiErrors.csiCode(failure(reason, Status.Code.UNKNOWN))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "no reason, transport {0} -> {1}")
  @CsvSource({
    "DEADLINE_EXCEEDED, DEADLINE_EXCEEDED",
    "UNAVAILABLE, UNAVAILABLE",
    "CANCELLED, CANCELLED",
    "UNIMPLEMENTED, INTERNAL",
    "UNKNOWN, INTERNAL",
  })
  void transportFailureWithoutReasonMapsByItsCode(Status.Code transport, Status.Code expected) {
    assertThat(CsiErrors.csiCode(failure(ErrorReason.ERROR_REASON_UNSPECIFIED, transport)))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(ErrorReason.class)
  void everyReasonHasAnAnswerOtherThanOk(ErrorReason reason) {
    assertThat(CsiErrors.csiCode(failure(reason, Status.Code.INTERNAL))).isNotEqualTo(Status.Code.OK);
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorReason.class,
      names = {"ERROR_REASON_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void statusCarriesTheBackendMessageAndReason(ErrorReason reason) {
    Status status = CsiErrors.toStatus(failure(reason, Status.Code.UNKNOWN)).getStatus();
    assertThat(status.getDescription()).contains("the backend said no").contains(reason.name());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "MISSING, NOT_FOUND",
    "CONFLICT, ALREADY_EXISTS",
    "WRONG_STATE, FAILED_PRECONDITION",
    "SIZE_OUT_OF_RANGE, OUT_OF_RANGE",
    "NO_ROOM, RESOURCE_EXHAUSTED",
    "BUSY, ABORTED",
    "STALE_TOKEN, ABORTED",
    "TIMED_OUT, DEADLINE_EXCEEDED",
    "CALLER_GONE, CANCELLED",
    "CLOUD_FAILED, INTERNAL",
  })
  void refusalMapsToCsiCode(ControllerRefusal.Reason reason, Status.Code expected) {
    assertThat(CsiErrors.csiCode(reason)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(ControllerRefusal.Reason.class)
  void noRefusalIsInvalidArgumentOnlyRequestValidationIs(ControllerRefusal.Reason reason) {
    assertThat(CsiErrors.csiCode(reason)).isNotIn(Status.Code.INVALID_ARGUMENT, Status.Code.OK, Status.Code.UNKNOWN);
  }

  @Test
  void refusalStatusCarriesItsMessage() {
    Status status = CsiErrors.toStatus(ControllerRefusal.missing("volume %s does not exist", "vol-1")).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).isEqualTo("volume vol-1 does not exist");
  }

  private static BackendFailure failure(ErrorReason reason, Status.Code transport) {
    return new BackendFailure("CreateVolume", reason, transport, "the backend said no", "");
  }
}
