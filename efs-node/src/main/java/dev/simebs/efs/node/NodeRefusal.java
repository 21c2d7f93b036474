package dev.simebs.efs.node;

/**
 * Why the EFS node refuses a well-formed request; {@link EfsNodeService} turns each kind into its
 * CSI code, so domain code never builds a gRPC status.
 */
public abstract sealed class NodeRefusal extends RuntimeException {

  private NodeRefusal(String message) {
    super(message);
  }

  /** The volume, its sub path, or a volume at the given path does not exist (NOT_FOUND). */
  public static final class NotFound extends NodeRefusal {
    public NotFound(String message) {
      super(message);
    }
  }

  /** Another operation on the same target is under way (ABORTED). */
  public static final class Busy extends NodeRefusal {
    public Busy(String message) {
      super(message);
    }
  }

  /** The target already shows something else, or the same volume otherwise (ALREADY_EXISTS). */
  public static final class Conflict extends NodeRefusal {
    public Conflict(String message) {
      super(message);
    }
  }
}
