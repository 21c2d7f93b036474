package dev.simebs.controller.requests;

import csi.v1.CapacityRange;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.RequestFields;

/**
 * Presence and form checks of request fields, for the validation step every RPC runs first,
 * before any lookup or backend call. Each failure is INVALID_ARGUMENT naming the field.
 */
public final class Required {

  private Required() {}

  /** The value, or INVALID_ARGUMENT naming {@code field} when it is empty. */
  public static String text(String value, String field) {
    return RequestFields.text(value, field);
  }

  /** Byte counts in a capacity range must not be negative. */
  public static CapacityRange nonNegative(CapacityRange range, String field) {
    if (range.getRequiredBytes() < 0 || range.getLimitBytes() < 0) {
      throw new InvalidRequest("%s bytes must not be negative", field);
    }
    return range;
  }

  /** A page size: 0 (the plugin chooses) or more. */
  public static int maxEntries(int maxEntries) {
    if (maxEntries < 0) {
      throw new InvalidRequest("max_entries must not be negative, got %d", maxEntries);
    }
    return maxEntries;
  }
}
