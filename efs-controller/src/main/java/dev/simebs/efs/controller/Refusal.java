package dev.simebs.efs.controller;

/**
 * Why the EFS controller refuses a well-formed request, as the domain sees it; {@link
 * EfsControllerService} turns each kind into its CSI code, so domain code never builds a gRPC
 * status. Malformed requests are {@link IllegalArgumentException}s (INVALID_ARGUMENT).
 */
public abstract sealed class Refusal extends RuntimeException {

  private Refusal(String message) {
    super(message);
  }

  /** The name is taken by a volume made with other arguments (ALREADY_EXISTS). */
  public static final class NameTaken extends Refusal {
    public NameTaken(String message) {
      super(message);
    }
  }

  /** The volume (file system, access point) does not exist (NOT_FOUND). */
  public static final class NotFound extends Refusal {
    public NotFound(String message) {
      super(message);
    }
  }

  /** Nothing is left to give: free gids, a zone the requirements allow (RESOURCE_EXHAUSTED). */
  public static final class Exhausted extends Refusal {
    public Exhausted(String message) {
      super(message);
    }
  }
}
