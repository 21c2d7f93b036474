package dev.simebs.ec2.query;

/** A request the EC2 API refuses: answered as {@code <Errors><Error>} with the code's status. */
public final class Ec2Exception extends RuntimeException {

  private final Ec2ErrorCode code;

  public Ec2Exception(Ec2ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public static Ec2Exception of(Ec2ErrorCode code, String format, Object... args) {
    return new Ec2Exception(code, format.formatted(args));
  }

  public Ec2ErrorCode code() {
    return code;
  }
}
