package dev.simebs.bench.csi;

/** A check the tool makes on the driver's answers failed (for example a data checksum). */
public final class CheckFailedException extends RuntimeException {

  private final String code;

  public CheckFailedException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
