package dev.simebs.controller.parameters;

import dev.simebs.backend.api.VolumeType;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * What each volume type allows, as the cloud documents it: size bounds in GiB, the IOPS and
 * throughput ranges where the type lets them be chosen, and how many IOPS each GiB may carry
 * beyond the type's baseline. The backend checks the same rules; knowing them lets the
 * controller name the offending key up front, and size a volume so its IOPS fit.
 */
public enum VolumeTypeRules {
  GP2(VolumeType.GP2, new IntRange(1, 16_384), null, null, 0, 0),
  GP3(VolumeType.GP3, new IntRange(1, 16_384), new IntRange(3_000, 16_000), new IntRange(125, 1_000), 3_000, 500),
  IO1(VolumeType.IO1, new IntRange(4, 16_384), new IntRange(100, 64_000), null, 0, 50),
  IO2(VolumeType.IO2, new IntRange(4, 65_536), new IntRange(100, 256_000), null, 0, 1_000),
  ST1(VolumeType.ST1, new IntRange(125, 16_384), null, null, 0, 0),
  SC1(VolumeType.SC1, new IntRange(125, 16_384), null, null, 0, 0);

  public static final VolumeTypeRules DEFAULT = GP3;

  private final VolumeType backendType;
  private final IntRange sizeGiB;
  private final IntRange iops;
  private final IntRange throughputMiBps;
  private final int baselineIops;
  private final int iopsPerGiB;

  VolumeTypeRules(
      VolumeType backendType,
      IntRange sizeGiB,
      IntRange iops,
      IntRange throughputMiBps,
      int baselineIops,
      int iopsPerGiB) {
    this.backendType = backendType;
    this.sizeGiB = sizeGiB;
    this.iops = iops;
    this.throughputMiBps = throughputMiBps;
    this.baselineIops = baselineIops;
    this.iopsPerGiB = iopsPerGiB;
  }

  /**
   * The smallest volume of this type that may carry {@code provisionedIops}: the type's smallest
   * size, or more when the IOPS exceed the baseline by more than the type's IOPS per GiB allow
   * (gp3 500, io1 50, io2 1000 per GiB).
   */
  public long smallestSizeFor(OptionalInt provisionedIops) {
    long smallest = sizeGiB.min();
    if (provisionedIops.isPresent() && iopsPerGiB > 0 && provisionedIops.getAsInt() > baselineIops) {
      smallest = Math.max(smallest, Math.ceilDiv(provisionedIops.getAsInt(), iopsPerGiB));
    }
    return smallest;
  }

  /** The name users write, e.g. {@code gp3}. */
  public String typeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public VolumeType backendType() {
    return backendType;
  }

  public IntRange sizeGiB() {
    return sizeGiB;
  }

  /** The IOPS range, when the type lets IOPS be provisioned. */
  public Optional<IntRange> iops() {
    return Optional.ofNullable(iops);
  }

  /** The throughput range in MiB/s, when the type lets throughput be provisioned. */
  public Optional<IntRange> throughputMiBps() {
    return Optional.ofNullable(throughputMiBps);
  }

  /** Only io2 volumes attach to several nodes at once. */
  public boolean allowsMultiAttach() {
    return this == IO2;
  }

  public static VolumeTypeRules parse(String text, String key) {
    for (VolumeTypeRules rules : values()) {
      if (rules.typeName().equalsIgnoreCase(text)) {
        return rules;
      }
    }
    throw new InvalidRequest("%s \"%s\" is not a volume type; use one of %s", key, text, names());
  }

  /** The rules of a type the backend reports (its default when unspecified). */
  public static VolumeTypeRules of(VolumeType type) {
    for (VolumeTypeRules rules : values()) {
      if (rules.backendType == type) {
        return rules;
      }
    }
    return DEFAULT;
  }

  public static String names() {
    return Arrays.stream(values()).map(VolumeTypeRules::typeName).collect(Collectors.joining(", "));
  }

  /** Checks an IOPS value (given as {@code key}) against this type. */
  public void checkIops(long value, String key) {
    if (iops == null) {
      throw new InvalidRequest(
          "%s is not supported for type %s; only %s take provisioned IOPS", key, typeName(), namesWhere(true));
    }
    if (!iops.contains(value)) {
      throw new InvalidRequest(
          "%s must be between %d and %d for type %s, got %d", key, iops.min(), iops.max(), typeName(), value);
    }
  }

  /** Checks a throughput value in MiB/s (given as {@code key}) against this type. */
  public void checkThroughput(long value, String key) {
    if (throughputMiBps == null) {
      throw new InvalidRequest(
          "%s is not supported for type %s; only %s take provisioned throughput",
          key, typeName(), namesWhere(false));
    }
    if (!throughputMiBps.contains(value)) {
      throw new InvalidRequest(
          "%s must be between %d and %d MiB/s for type %s, got %d",
          key, throughputMiBps.min(), throughputMiBps.max(), typeName(), value);
    }
  }

  private static String namesWhere(boolean iopsRule) {
    return Arrays.stream(values())
        .filter(r -> (iopsRule ? r.iops : r.throughputMiBps) != null)
        .map(VolumeTypeRules::typeName)
        .collect(Collectors.joining(", "));
  }
}
