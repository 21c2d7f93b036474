package dev.simebs.common.backend;

import io.grpc.Status;

/**
 * The one table from backend failures to CSI status codes, shared by both drivers (mirrored in
 * docs/controller.md and docs/efs.md). Places where the CSI spec gives a reason a different meaning (a missing volume is success for
 * DeleteVolume, a missing attachment for ControllerUnpublishVolume) catch it before it gets here.
 */
public final class BackendErrorMapping {

  private BackendErrorMapping() {}

  /** The CSI code a failure is answered with. */
  public static Status.Code csiCode(BackendFailure failure) {
    return switch (failure.reason()) {
      case INVALID_PARAMETER_VALUE, MISSING_PARAMETER -> Status.Code.INVALID_ARGUMENT;
      case VOLUME_NOT_FOUND, SNAPSHOT_NOT_FOUND, NODE_NOT_FOUND, ATTACHMENT_NOT_FOUND ->
          Status.Code.NOT_FOUND;
      // The object exists but is busy or in the wrong state; the CO fixes that and retries.
      case VOLUME_IN_USE, INCORRECT_STATE, ZONE_MISMATCH -> Status.Code.FAILED_PRECONDITION;
      case INSUFFICIENT_VOLUME_CAPACITY, ATTACHMENT_LIMIT_EXCEEDED -> Status.Code.RESOURCE_EXHAUSTED;
      case IDEMPOTENT_PARAMETER_MISMATCH -> Status.Code.ALREADY_EXISTS;
      // Still throttled or unavailable after our own retries: transient, the CO retries later.
      case REQUEST_LIMIT_EXCEEDED, SERVICE_UNAVAILABLE -> Status.Code.UNAVAILABLE;
      // The controller's backend token is wrong: nothing the CO can fix by changing its request.
      case UNAUTHORIZED, INTERNAL_ERROR, UNRECOGNIZED -> Status.Code.INTERNAL;
      // File-system reasons (the EFS driver; docs/efs.md).
      case FILE_SYSTEM_NOT_FOUND, ACCESS_POINT_NOT_FOUND -> Status.Code.NOT_FOUND;
      // The volume exists, but not where the node is (no mount target in its zone).
      case MOUNT_TARGET_NOT_FOUND, FILE_SYSTEM_IN_USE -> Status.Code.FAILED_PRECONDITION;
      case ACCESS_POINT_LIMIT_EXCEEDED -> Status.Code.RESOURCE_EXHAUSTED;
      case MOUNT_TARGET_UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case ERROR_REASON_UNSPECIFIED -> transportCode(failure.transportCode());
    };
  }

  /** The CSI status a failure is answered with: the mapped code and the backend's message. */
  public static Status toStatus(BackendFailure failure) {
    return Status.fromCode(csiCode(failure))
        .withDescription("backend " + failure.getMessage() + " (" + failure.reason() + ")");
  }

  /** Failures without a backend reason come from the transport. */
  private static Status.Code transportCode(Status.Code code) {
    return switch (code) {
      case DEADLINE_EXCEEDED, UNAVAILABLE, CANCELLED -> code;
      default -> Status.Code.INTERNAL;
    };
  }
}
