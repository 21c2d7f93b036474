package dev.simebs.node.request;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;

/** Checks of request fields that every RPC shares. */
public final class Requests {

  private static final int PRINTABLE_LENGTH = 256;

  private Requests() {}

  /**
   * A present volume ID: anything but a SimEBS volume ID is NOT_FOUND (no such volume can exist),
   * and never reaches a file path.
   */
  static String volumeId(String value) {
    if (!ResourceIds.VOLUME.isValid(value)) {
      throw Rpc.fail(
          Status.Code.NOT_FOUND, "volume %s is not a SimEBS volume ID", printable(value));
    }
    return value;
  }

  /** A required field that is present; INVALID_ARGUMENT naming it otherwise. */
  public static void require(boolean present, String field) {
    if (!present) {
      throw new InvalidRequest("%s is required", field);
    }
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
