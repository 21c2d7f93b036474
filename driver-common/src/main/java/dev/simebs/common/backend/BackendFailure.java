package dev.simebs.common.backend;

import dev.simebs.backend.api.BackendError;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/**
 * A failed backend call: the backend's reason (ERROR_REASON_UNSPECIFIED when the failure came
 * from the transport, e.g. a deadline or a lost connection) and the gRPC code it arrived with.
 * Domain code switches on the reason; {@link BackendErrorMapping} turns whatever is left into the
 * CSI answer.
 */
public final class BackendFailure extends RuntimeException {

  private final String operation;
  private final ErrorReason reason;
  private final Status.Code transportCode;
  private final String resourceId;

  public BackendFailure(
      String operation, ErrorReason reason, Status.Code transportCode, String message, String resourceId) {
    super(operation + ": " + message);
    this.operation = operation;
    this.reason = reason;
    this.transportCode = transportCode;
    this.resourceId = resourceId;
  }

  /** Reads the reason out of a failed stub call. */
  public static BackendFailure of(String operation, StatusRuntimeException failure) {
    Optional<BackendError> detail = BackendErrors.of(failure);
    Status status = failure.getStatus();
    String message =
        detail
            .map(BackendError::getMessage)
            .orElseGet(() -> status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription()));
    return new BackendFailure(
        operation,
        detail.map(BackendError::getReason).orElse(ErrorReason.ERROR_REASON_UNSPECIFIED),
        status.getCode(),
        message,
        detail.map(BackendError::getResourceId).orElse(""));
  }

  public String operation() {
    return operation;
  }

  public ErrorReason reason() {
    return reason;
  }

  /** The gRPC code the failure arrived with. */
  public Status.Code transportCode() {
    return transportCode;
  }

  public String resourceId() {
    return resourceId;
  }

  public boolean is(ErrorReason candidate) {
    return reason == candidate;
  }
}
