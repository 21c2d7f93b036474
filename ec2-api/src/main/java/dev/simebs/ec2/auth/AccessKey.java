package dev.simebs.ec2.auth;

/**
 * A key pair the EC2 API accepts, and what it may do.
 *
 * @param profile the credentials-file section it came from, for logs
 */
public record AccessKey(String profile, String id, String secret, Access access) {

  /** What a key may call. */
  public enum Access {
    /** Every action. */
    READ_WRITE,
    /** Describe actions only; anything else is UnauthorizedOperation. */
    READ_ONLY
  }

  public AccessKey {
    if (id.isBlank() || secret.isBlank()) {
      throw new IllegalArgumentException("profile [" + profile + "]: an empty key id or secret");
    }
  }

  @Override
  public String toString() {
    return "AccessKey[" + profile + ", " + id + ", " + access + "]";
  }
}
