package dev.simebs.ec2.query;

import dev.simebs.backend.api.BackendError;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import io.grpc.StatusRuntimeException;

/**
 * The one table from backend failures to EC2 error codes (mirrored in docs/ec2-api.md). Only
 * ModifyVolume reads a reason differently: there a wrong state is the modification's.
 */
public final class BackendErrorCodes {

  private BackendErrorCodes() {}

  public static Ec2ErrorCode codeOf(String action, ErrorReason reason) {
    return switch (reason) {
      case INVALID_PARAMETER_VALUE -> Ec2ErrorCode.INVALID_PARAMETER_VALUE;
      case MISSING_PARAMETER -> Ec2ErrorCode.MISSING_PARAMETER;
      case VOLUME_NOT_FOUND -> Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND;
      case SNAPSHOT_NOT_FOUND -> Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND;
      case NODE_NOT_FOUND -> Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND;
      case ATTACHMENT_NOT_FOUND -> Ec2ErrorCode.INVALID_ATTACHMENT_NOT_FOUND;
      case ZONE_MISMATCH -> Ec2ErrorCode.INVALID_VOLUME_ZONE_MISMATCH;
      case VOLUME_IN_USE -> Ec2ErrorCode.VOLUME_IN_USE;
      case INCORRECT_STATE -> action.equals("ModifyVolume")
          ? Ec2ErrorCode.INCORRECT_MODIFICATION_STATE
          : Ec2ErrorCode.INCORRECT_STATE;
      case MODIFICATION_RATE_EXCEEDED -> Ec2ErrorCode.VOLUME_MODIFICATION_RATE_EXCEEDED;
      case ATTACHMENT_LIMIT_EXCEEDED -> Ec2ErrorCode.ATTACHMENT_LIMIT_EXCEEDED;
      case VOLUME_LIMIT_EXCEEDED -> Ec2ErrorCode.VOLUME_LIMIT_EXCEEDED;
      case IDEMPOTENT_PARAMETER_MISMATCH -> Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH;
      case REQUEST_LIMIT_EXCEEDED -> Ec2ErrorCode.REQUEST_LIMIT_EXCEEDED;
      case INSUFFICIENT_VOLUME_CAPACITY -> Ec2ErrorCode.INSUFFICIENT_VOLUME_CAPACITY;
      case SERVICE_UNAVAILABLE -> Ec2ErrorCode.UNAVAILABLE;
      // The front end's own connection to the backend was refused: not the caller's doing.
      // File-system reasons come only from the FileSystems API, which EC2 actions never call.
      case UNAUTHORIZED, INTERNAL_ERROR, ERROR_REASON_UNSPECIFIED, UNRECOGNIZED,
          FILE_SYSTEM_NOT_FOUND, ACCESS_POINT_NOT_FOUND, MOUNT_TARGET_NOT_FOUND,
          MOUNT_TARGET_UNAVAILABLE, ACCESS_POINT_LIMIT_EXCEEDED, FILE_SYSTEM_IN_USE ->
          Ec2ErrorCode.INTERNAL_ERROR;
    };
  }

  /** A failed backend call as the EC2 error an {@code action} answers with. */
  public static Ec2Exception toEc2(String action, StatusRuntimeException failure) {
    ErrorReason reason = BackendErrors.reasonOf(failure);
    String message = BackendErrors.of(failure).map(BackendError::getMessage)
        .filter(m -> !m.isEmpty())
        .orElseGet(() -> String.valueOf(failure.getStatus().getDescription()));
    return new Ec2Exception(codeOf(action, reason), message);
  }
}
