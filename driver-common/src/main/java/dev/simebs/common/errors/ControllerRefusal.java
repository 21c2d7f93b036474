package dev.simebs.common.errors;

/**
 * Why the controller will not (or cannot yet) do what a valid request asks, in the controller's
 * own terms. Domain code throws it; {@link CsiErrors} alone turns it into a CSI status code at
 * the service edge. A request that is itself wrong is an {@link
 * dev.simebs.common.grpc.InvalidRequest} instead, never one of these.
 */
public final class ControllerRefusal extends RuntimeException {

  /** The kinds of refusal, each answered with one CSI code (see {@link CsiErrors}). */
  public enum Reason {
    /** The volume, snapshot or node the request names does not exist. */
    MISSING,
    /** The name (or the volume on that node) is already taken with other arguments. */
    CONFLICT,
    /** The object exists, but its state forbids the operation (e.g. published on another node). */
    WRONG_STATE,
    /** A size the request's range or the volume type cannot give. */
    SIZE_OUT_OF_RANGE,
    /** No allowed zone can hold the volume (the CO may reschedule). */
    NO_ROOM,
    /** Another operation holds the object, or it changed under us; a retry will do. */
    BUSY,
    /** A paging token that does not lead anywhere; the listing starts again. */
    STALE_TOKEN,
    /** The caller's deadline passed while the controller waited for the cloud. */
    TIMED_OUT,
    /** The caller cancelled the call while the controller waited for the cloud. */
    CALLER_GONE,
    /** The cloud failed the operation itself (a failed creation or modification). */
    CLOUD_FAILED
  }

  private final Reason reason;

  private ControllerRefusal(Reason reason, String format, Object... args) {
    super(String.format(format, args), null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public static ControllerRefusal missing(String format, Object... args) {
    return new ControllerRefusal(Reason.MISSING, format, args);
  }

  public static ControllerRefusal conflict(String format, Object... args) {
    return new ControllerRefusal(Reason.CONFLICT, format, args);
  }

  public static ControllerRefusal wrongState(String format, Object... args) {
    return new ControllerRefusal(Reason.WRONG_STATE, format, args);
  }

  public static ControllerRefusal sizeOutOfRange(String format, Object... args) {
    return new ControllerRefusal(Reason.SIZE_OUT_OF_RANGE, format, args);
  }

  public static ControllerRefusal noRoom(String format, Object... args) {
    return new ControllerRefusal(Reason.NO_ROOM, format, args);
  }

  public static ControllerRefusal busy(String format, Object... args) {
    return new ControllerRefusal(Reason.BUSY, format, args);
  }

  public static ControllerRefusal staleToken(String format, Object... args) {
    return new ControllerRefusal(Reason.STALE_TOKEN, format, args);
  }

  public static ControllerRefusal timedOut(String format, Object... args) {
    return new ControllerRefusal(Reason.TIMED_OUT, format, args);
  }

  public static ControllerRefusal callerGone(String format, Object... args) {
    return new ControllerRefusal(Reason.CALLER_GONE, format, args);
  }

  public static ControllerRefusal cloudFailed(String format, Object... args) {
    return new ControllerRefusal(Reason.CLOUD_FAILED, format, args);
  }
}
