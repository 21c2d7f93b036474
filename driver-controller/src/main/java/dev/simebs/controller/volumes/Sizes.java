package dev.simebs.controller.volumes;

import csi.v1.CapacityRange;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.controller.parameters.VolumeTypeRules;

/** Whole-GiB sizing, as the cloud bills: CSI byte ranges in, GiB sizes out. */
public final class Sizes {

  public static final long GIB = 1L << 30;

  private Sizes() {}

  public static long bytes(long gib) {
    return gib * GIB;
  }

  /** Bytes rounded up to whole GiB (without overflow, even for Long.MAX_VALUE). */
  public static long gibRoundedUp(long bytes) {
    return Math.ceilDiv(bytes, GIB);
  }

  /**
   * The size for a new volume: required_bytes rounded up to whole GiB, at least {@code
   * smallestGiB} (what the type and the requested IOPS need) and the content source's size;
   * OUT_OF_RANGE when that exceeds limit_bytes or the type's largest size.
   *
   * @param range a range already checked for negative values
   * @param sourceGiB the size of the content source, or 0 without one
   */
  public static long forNewVolume(CapacityRange range, VolumeTypeRules type, long smallestGiB, long sourceGiB) {
    long required = range.getRequiredBytes();
    long limit = range.getLimitBytes();
    if (limit > 0 && required > limit) {
      throw ControllerRefusal.sizeOutOfRange(
          "capacity_range.required_bytes %d exceeds capacity_range.limit_bytes %d", required, limit);
    }
    long requestedGiB = gibRoundedUp(required);
    if (sourceGiB > 0 && required > 0 && sourceGiB > requestedGiB) {
      throw ControllerRefusal.sizeOutOfRange(
          "the content source is %d GiB, larger than capacity_range.required_bytes %d", sourceGiB, required);
    }
    long size = Math.max(Math.max(requestedGiB, sourceGiB), smallestGiB);
    if (limit > 0 && bytes(size) > limit) {
      throw ControllerRefusal.sizeOutOfRange(
          "capacity_range.limit_bytes %d is below %d GiB, the smallest %s volume this request allows",
          limit, size, type.typeName());
    }
    return withinType(size, type);
  }

  /** {@code sizeGiB}, or OUT_OF_RANGE when it exceeds the type's largest volume. */
  public static long withinType(long sizeGiB, VolumeTypeRules type) {
    if (sizeGiB > type.sizeGiB().max()) {
      throw ControllerRefusal.sizeOutOfRange(
          "%d GiB exceeds the largest %s volume, %d GiB", sizeGiB, type.typeName(), type.sizeGiB().max());
    }
    return sizeGiB;
  }
}
