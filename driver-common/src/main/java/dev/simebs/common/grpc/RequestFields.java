package dev.simebs.common.grpc;

/**
 * Checks of request fields that every driver's validation step shares, and the safe echo of a
 * field's value in a message.
 */
public final class RequestFields {

  private static final int PRINTABLE_LENGTH = 256;

  private RequestFields() {}

  /** A required field that is present; INVALID_ARGUMENT naming it otherwise. */
  public static void require(boolean present, String field) {
    if (!present) {
      throw new InvalidRequest("%s is required", field);
    }
  }

  /** The value, or INVALID_ARGUMENT naming {@code field} when it is empty. */
  public static String text(String value, String field) {
    require(value != null && !value.isEmpty(), field);
    return value;
  }

  /** {@code value} cut short and stripped of control characters, safe to echo in a message. */
  public static String printable(String value) {
    String shortened =
        value.length() > PRINTABLE_LENGTH
            ? value.substring(0, PRINTABLE_LENGTH)
                + "... ("
                + (value.length() - PRINTABLE_LENGTH)
                + " more characters)"
            : value;
    return shortened.replaceAll("\\p{Cntrl}", "?");
  }
}
