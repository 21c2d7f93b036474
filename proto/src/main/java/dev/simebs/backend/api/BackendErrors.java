package dev.simebs.backend.api;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;

/**
 * Builds and reads backend failures: a gRPC status whose details carry a {@link BackendError},
 * so clients switch on a stable reason rather than on message text.
 */
public final class BackendErrors {

  private BackendErrors() {}

  /** A failure with the given reason; the gRPC code follows from the reason. */
  public static StatusRuntimeException error(ErrorReason reason, String message) {
    return error(reason, message, "");
  }

  /** A failure about one volume, snapshot or node. */
  public static StatusRuntimeException error(ErrorReason reason, String message, String resourceId) {
    BackendError detail =
        BackendError.newBuilder()
            .setReason(reason)
            .setMessage(message)
            .setResourceId(resourceId == null ? "" : resourceId)
            .build();
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(grpcCodeOf(reason).value())
            .setMessage(reason.name() + ": " + message)
            .addDetails(Any.pack(detail))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** The backend error carried by a failed call, if the failure came from the backend. */
  public static Optional<BackendError> of(Throwable failure) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(BackendError.class)) {
        try {
          return Optional.of(detail.unpack(BackendError.class));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The reason of a failed call, or ERROR_REASON_UNSPECIFIED when it carried none. */
  public static ErrorReason reasonOf(Throwable failure) {
    return of(failure).map(BackendError::getReason).orElse(ErrorReason.ERROR_REASON_UNSPECIFIED);
  }

  /** The gRPC code the backend answers with for each reason. */
  public static Status.Code grpcCodeOf(ErrorReason reason) {
    return switch (reason) {
      case INVALID_PARAMETER_VALUE, MISSING_PARAMETER, ZONE_MISMATCH -> Status.Code.INVALID_ARGUMENT;
      case VOLUME_NOT_FOUND, SNAPSHOT_NOT_FOUND, NODE_NOT_FOUND, ATTACHMENT_NOT_FOUND,
          FILE_SYSTEM_NOT_FOUND, ACCESS_POINT_NOT_FOUND, MOUNT_TARGET_NOT_FOUND ->
          Status.Code.NOT_FOUND;
      case VOLUME_IN_USE, INCORRECT_STATE, MODIFICATION_RATE_EXCEEDED, FILE_SYSTEM_IN_USE ->
          Status.Code.FAILED_PRECONDITION;
      case REQUEST_LIMIT_EXCEEDED, INSUFFICIENT_VOLUME_CAPACITY, ATTACHMENT_LIMIT_EXCEEDED,
          VOLUME_LIMIT_EXCEEDED, ACCESS_POINT_LIMIT_EXCEEDED -> Status.Code.RESOURCE_EXHAUSTED;
      case IDEMPOTENT_PARAMETER_MISMATCH -> Status.Code.ALREADY_EXISTS;
      case SERVICE_UNAVAILABLE, MOUNT_TARGET_UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case UNAUTHORIZED -> Status.Code.UNAUTHENTICATED;
      case INTERNAL_ERROR, ERROR_REASON_UNSPECIFIED, UNRECOGNIZED -> Status.Code.INTERNAL;
    };
  }
}
