package dev.simebs.node.ephemeral;

import dev.simebs.backend.api.VolumeType;
import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What pod authors may ask of an inline volume: its attributes come from any pod spec, not from
 * an administrator's StorageClass, so the node caps them by its own configuration.
 *
 * @param maxSizeGib the largest inline volume, in GiB
 * @param allowedTypes the volume types an inline volume may have; the first is the default
 */
public record InlineVolumeLimits(long maxSizeGib, Set<VolumeType> allowedTypes) {

  /** 100 GiB of gp3 or gp2: general-purpose scratch space, nothing provisioned or pricey. */
  public static final InlineVolumeLimits DEFAULT =
      new InlineVolumeLimits(100, EnumSet.of(VolumeType.GP3, VolumeType.GP2));

  /** The volume type an inline volume gets when its attributes name none. */
  public static final VolumeType DEFAULT_TYPE = VolumeType.GP3;

  private static final String SIZE_KEY = "size";
  private static final String TYPE_KEY = "type";

  public InlineVolumeLimits {
    if (maxSizeGib < 1) {
      throw new IllegalArgumentException("the inline volume size limit must be at least 1 GiB");
    }
    if (allowedTypes.isEmpty()) {
      throw new IllegalArgumentException("at least one inline volume type must be allowed");
    }
    allowedTypes = Set.copyOf(allowedTypes);
  }

  /** Parses {@code gp3,gp2} as given to {@code --ephemeral-types}. */
  public static Set<VolumeType> parseTypes(String text) {
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(t -> !t.isEmpty())
        .map(InlineVolumeLimits::type)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(VolumeType.class)));
  }

  /** The size and type asked for in {@code volumeContext}, within the limits, else INVALID_ARGUMENT. */
  public InlineVolumeSpec check(Map<String, String> volumeContext) {
    long sizeGib = Quantity.toGibRoundedUp("volume_context " + SIZE_KEY, volumeContext.getOrDefault(SIZE_KEY, "1Gi"));
    if (sizeGib > maxSizeGib) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT,
          "volume_context %s %s is above this driver's limit for inline volumes of %d GiB"
              + " (node flag --ephemeral-max-size)",
          SIZE_KEY,
          volumeContext.get(SIZE_KEY),
          maxSizeGib);
    }
    String typeName = volumeContext.getOrDefault(TYPE_KEY, "");
    VolumeType type = typeName.isEmpty() ? DEFAULT_TYPE : requestedType(typeName);
    if (!allowedTypes.contains(type)) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT,
          "volume_context %s %s is not allowed for inline volumes; this driver allows %s"
              + " (node flag --ephemeral-types)",
          TYPE_KEY,
          type.name().toLowerCase(Locale.ROOT),
          names(allowedTypes));
    }
    return new InlineVolumeSpec(sizeGib, type);
  }

  /** The size and type of an inline volume, checked against the limits. */
  public record InlineVolumeSpec(long sizeGib, VolumeType type) {}

  private static VolumeType requestedType(String name) {
    try {
      return type(name);
    } catch (IllegalArgumentException e) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT, "volume_context type %s is not a volume type", name);
    }
  }

  private static VolumeType type(String name) {
    VolumeType type = VolumeType.valueOf(name.toUpperCase(Locale.ROOT));
    if (type == VolumeType.UNRECOGNIZED || type.getNumber() == 0) {
      throw new IllegalArgumentException("not a volume type: " + name);
    }
    return type;
  }

  private static String names(Set<VolumeType> types) {
    return types.stream()
        .map(t -> t.name().toLowerCase(Locale.ROOT))
        .sorted()
        .collect(Collectors.joining(", "));
  }
}
