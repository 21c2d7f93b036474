package dev.simebs.controller.volumes;

import csi.v1.CapacityRange;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.controller.parameters.IntRange;
import dev.simebs.controller.parameters.Invalid;
import io.grpc.Status;

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
   * The size for a new volume: required_bytes rounded up to whole GiB, at least {@code minimumGiB}
   * (the type's smallest size, or the content source's size) — OUT_OF_RANGE when that exceeds
   * limit_bytes or the type's largest size.
   *
   * @param sourceGiB the size of the content source, or 0 without one
   */
  public static long forNewVolume(CapacityRange range, IntRange typeSizes, long sourceGiB, String typeName) {
    checkNonNegative(range);
    long required = range.getRequiredBytes();
    long limit = range.getLimitBytes();
    if (limit > 0 && required > limit) {
      throw Rpc.fail(
          Status.Code.OUT_OF_RANGE,
          "capacity_range.required_bytes %d exceeds capacity_range.limit_bytes %d", required, limit);
    }
    long requestedGiB = gibRoundedUp(required);
    if (sourceGiB > 0 && required > 0 && sourceGiB > requestedGiB) {
      throw Rpc.fail(
          Status.Code.OUT_OF_RANGE,
          "the content source is %d GiB, larger than capacity_range.required_bytes %d", sourceGiB, required);
    }
    long size = Math.max(Math.max(requestedGiB, sourceGiB), typeSizes.min());
    if (limit > 0 && bytes(size) > limit) {
      throw Rpc.fail(
          Status.Code.OUT_OF_RANGE,
          "capacity_range.limit_bytes %d is below %d GiB, the smallest %s volume this request allows",
          limit, size, typeName);
    }
    if (size > typeSizes.max()) {
      throw Rpc.fail(
          Status.Code.OUT_OF_RANGE,
          "%d GiB exceeds the largest %s volume, %d GiB", size, typeName, typeSizes.max());
    }
    return size;
  }

  /** Byte counts in a range must not be negative. */
  public static void checkNonNegative(CapacityRange range) {
    if (range.getRequiredBytes() < 0 || range.getLimitBytes() < 0) {
      throw Invalid.argument("capacity_range bytes must not be negative");
    }
  }
}
