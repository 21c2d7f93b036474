package dev.simebs.common.errors;

import dev.simebs.common.backend.BackendFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one table from the controllers' failures to CSI status codes (mirrored in
 * docs/controller.md and, for file systems, docs/efs.md), used by both drivers: the controller's own refusals and the backend's reasons. INVALID_ARGUMENT
 * comes from request validation only: the controller's ({@link
 * dev.simebs.common.grpc.InvalidRequest}, answered by {@link dev.simebs.common.grpc.Rpc}) and the
 * cloud's own checks of the values the request carried; no refusal maps to it. Places where the
 * spec gives a failure another meaning (a missing volume is success for DeleteVolume) catch it
 * before it gets here.
 */
public final class CsiErrors {

  private CsiErrors() {}

  /** The status a domain failure is answered with, its message as the description. */
  public static StatusRuntimeException toStatus(ControllerRefusal refusal) {
    return Status.fromCode(csiCode(refusal.reason())).withDescription(refusal.getMessage()).asRuntimeException();
  }

  /** The status a backend failure is answered with: the mapped code and the backend's message. */
  public static StatusRuntimeException toStatus(BackendFailure failure) {
    return Status.fromCode(csiCode(failure))
        .withDescription("backend " + failure.getMessage() + " (" + failure.reason() + ")")
        .asRuntimeException();
  }

  static Status.Code csiCode(ControllerRefusal.Reason reason) {
    return switch (reason) {
      case MISSING -> Status.Code.NOT_FOUND;
      case CONFLICT -> Status.Code.ALREADY_EXISTS;
      case WRONG_STATE -> Status.Code.FAILED_PRECONDITION;
      case SIZE_OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
      case NO_ROOM -> Status.Code.RESOURCE_EXHAUSTED;
      // The spec's answer both for "operation pending" and for an invalid starting_token.
      case BUSY, STALE_TOKEN -> Status.Code.ABORTED;
      case TIMED_OUT -> Status.Code.DEADLINE_EXCEEDED;
      case CALLER_GONE -> Status.Code.CANCELLED;
      case CLOUD_FAILED -> Status.Code.INTERNAL;
    };
  }

  static Status.Code csiCode(BackendFailure failure) {
    return switch (failure.reason()) {
      // The cloud's own rules on values the request carried (e.g. IOPS per GiB): request
      // validation done by the cloud, so the CO must change the request.
      case INVALID_PARAMETER_VALUE, MISSING_PARAMETER -> Status.Code.INVALID_ARGUMENT;
      case VOLUME_NOT_FOUND, SNAPSHOT_NOT_FOUND, NODE_NOT_FOUND, ATTACHMENT_NOT_FOUND -> Status.Code.NOT_FOUND;
      // The object exists but is busy or in the wrong state; the CO fixes that and retries.
      case VOLUME_IN_USE, INCORRECT_STATE, ZONE_MISMATCH, MODIFICATION_RATE_EXCEEDED ->
          Status.Code.FAILED_PRECONDITION;
      case INSUFFICIENT_VOLUME_CAPACITY, ATTACHMENT_LIMIT_EXCEEDED, VOLUME_LIMIT_EXCEEDED ->
          Status.Code.RESOURCE_EXHAUSTED;
      case IDEMPOTENT_PARAMETER_MISMATCH -> Status.Code.ALREADY_EXISTS;
      // Still throttled or unavailable after our own retries: transient, the CO retries later.
      case REQUEST_LIMIT_EXCEEDED, SERVICE_UNAVAILABLE -> Status.Code.UNAVAILABLE;
      // The controller's backend token is wrong: nothing the CO can fix by changing its request.
      case UNAUTHORIZED, INTERNAL_ERROR, UNRECOGNIZED -> Status.Code.INTERNAL;
      // File systems (the EFS driver, docs/efs.md).
      case FILE_SYSTEM_NOT_FOUND, ACCESS_POINT_NOT_FOUND -> Status.Code.NOT_FOUND;
      // The volume exists, but not where the node is (no mount target in its zone), or a file
      // system still has access points.
      case MOUNT_TARGET_NOT_FOUND, FILE_SYSTEM_IN_USE -> Status.Code.FAILED_PRECONDITION;
      case ACCESS_POINT_LIMIT_EXCEEDED -> Status.Code.RESOURCE_EXHAUSTED;
      case MOUNT_TARGET_UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case ERROR_REASON_UNSPECIFIED -> transportCode(failure.transportCode());
    };
  }

  /** Failures without a backend reason come from the transport. */
  private static Status.Code transportCode(Status.Code code) {
    return switch (code) {
      case DEADLINE_EXCEEDED, UNAVAILABLE, CANCELLED -> code;
      default -> Status.Code.INTERNAL;
    };
  }
}
