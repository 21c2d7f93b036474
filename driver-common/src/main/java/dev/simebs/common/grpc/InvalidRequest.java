package dev.simebs.common.grpc;

/**
 * A request that breaks the CSI spec's or the driver's rules for its fields: a required field
 * missing, a value of the wrong form, a parameter the driver does not take. It is the only
 * exception {@link Rpc#answer} turns into INVALID_ARGUMENT, because sidecars treat that code as
 * final; every other failure of our own is INTERNAL, which they retry.
 */
public final class InvalidRequest extends RuntimeException {

  /** A message naming the offending field, e.g. {@code new InvalidRequest("%s is required", "name")}. */
  public InvalidRequest(String format, Object... args) {
    super(String.format(format, args), null, false, false);
  }
}
