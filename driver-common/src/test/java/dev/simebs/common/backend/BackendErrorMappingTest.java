package dev.simebs.common.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.ErrorReason;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** One case per row of the tables in docs/controller.md and docs/efs.md. */
class BackendErrorMappingTest {

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
    "INSUFFICIENT_VOLUME_CAPACITY, RESOURCE_EXHAUSTED",
    "ATTACHMENT_LIMIT_EXCEEDED, RESOURCE_EXHAUSTED",
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
    assertThat(BackendErrorMapping.csiCode(failure(reason, Status.Code.UNKNOWN))).isEqualTo(expected);
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
    assertThat(BackendErrorMapping.csiCode(failure(ErrorReason.ERROR_REASON_UNSPECIFIED, transport)))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(ErrorReason.class)
  void everyReasonHasAnAnswerOtherThanOk(ErrorReason reason) {
    assertThat(BackendErrorMapping.csiCode(failure(reason, Status.Code.INTERNAL))).isNotEqualTo(Status.Code.OK);
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorReason.class,
      names = {"ERROR_REASON_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void statusCarriesTheBackendMessageAndReason(ErrorReason reason) {
    Status status = BackendErrorMapping.toStatus(failure(reason, Status.Code.UNKNOWN));
    assertThat(status.getDescription()).contains("the backend said no").contains(reason.name());
  }

  private static BackendFailure failure(ErrorReason reason, Status.Code transport) {
    return new BackendFailure("CreateVolume", reason, transport, "the backend said no", "");
  }
}
