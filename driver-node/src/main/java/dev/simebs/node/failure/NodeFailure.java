package dev.simebs.node.failure;

/**
 * Why the node could not do what a request asked, in the node's own terms. Domain code throws
 * these; the service edge turns each kind into one CSI code (NodeErrors), so no gRPC status is
 * made anywhere else.
 */
public abstract sealed class NodeFailure extends RuntimeException {

  private NodeFailure(String message) {
    super(message);
  }

  /** The volume does not exist, or is not where the request says it is. */
  public static final class VolumeNotFound extends NodeFailure {
    public VolumeNotFound(String message) {
      super(message);
    }
  }

  /**
   * The volume is already staged or published at that path in another way, or the path already
   * holds something else.
   */
  public static final class Conflict extends NodeFailure {
    public Conflict(String message) {
      super(message);
    }
  }

  /**
   * The node cannot do it in the present state of the volume or the node: not staged yet, its
   * device detached, another file system on it, a tool the kernel refuses, no backend.
   */
  public static final class WrongState extends NodeFailure {
    public WrongState(String message) {
      super(message);
    }
  }

  /** Another operation on the same volume is in progress. */
  public static final class Busy extends NodeFailure {
    public Busy(String volumeId) {
      super("an operation on volume " + volumeId + " is already in progress");
    }
  }

  /** The cloud did not reach the state the node waited for in time. */
  public static final class GaveUpWaiting extends NodeFailure {
    public GaveUpWaiting(String message) {
      super(message);
    }
  }

  /** The capacity a request asks for cannot be met (e.g. the device is beyond its limit). */
  public static final class CapacityOutOfRange extends NodeFailure {
    public CapacityOutOfRange(String message) {
      super(message);
    }
  }

  /** The capability in a request does not fit the volume as it is on the node. */
  public static final class IncompatibleCapability extends NodeFailure {
    public IncompatibleCapability(String message) {
      super(message);
    }
  }

  /**
   * A path from a request cannot be used: found while resolving it, so it names the request's
   * field and (shortened) value.
   */
  public static final class UnusablePath extends NodeFailure {

    /** What is wrong with the path. */
    public enum Problem {
      /** A symbolic link in some component. */
      LINK,
      /** An object of the wrong kind (a file where a directory is needed, a device ...). */
      WRONG_KIND,
      /** The directory that should hold it does not exist. */
      NO_PARENT,
      /** The kernel refuses the node access (EPERM, EACCES: e.g. an immutable directory). */
      NOT_PERMITTED,
      /** Longer than the kernel accepts. */
      TOO_LONG
    }

    private final Problem problem;

    public UnusablePath(String field, String value, Problem problem, String why) {
      super(field + " " + value + ": " + why);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** The file system refused a mount option of the request. */
  public static final class RejectedMountOption extends NodeFailure {
    public RejectedMountOption(String message) {
      super(message);
    }
  }
}
