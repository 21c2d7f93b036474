package dev.simebs.node.request;

import dev.simebs.backend.api.VolumeType;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What pod authors may ask of an inline volume: its attributes come from any pod spec, not from
 * an administrator's StorageClass, so the node caps them by its own configuration.
 *
 * @param maxSizeGib the largest inline volume, in GiB
 * @param allowedTypes the volume types an inline volume may have
 */
public record InlineVolumeLimits(long maxSizeGib, Set<VolumeType> allowedTypes) {

  /** 100 GiB of gp3 or gp2: general-purpose scratch space, nothing provisioned or pricey. */
  public static final InlineVolumeLimits DEFAULT =
      new InlineVolumeLimits(100, EnumSet.of(VolumeType.GP3, VolumeType.GP2));

  /** The volume type an inline volume gets when its attributes name none (the cloud's default). */
  public static final VolumeType DEFAULT_TYPE = VolumeType.GP3;

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
    Set<VolumeType> types = EnumSet.noneOf(VolumeType.class);
    for (String name : Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList()) {
      try {
        VolumeType type = VolumeType.valueOf(name.toUpperCase(Locale.ROOT));
        if (type == VolumeType.UNRECOGNIZED || type == VolumeType.VOLUME_TYPE_UNSPECIFIED) {
          throw new IllegalArgumentException(name);
        }
        types.add(type);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--ephemeral-types: " + name + " is not a volume type", e);
      }
    }
    return types;
  }

  /**
   * The type an inline volume of {@code sizeGib} and {@code type} gets, when both are within the
   * limits; INVALID_ARGUMENT naming the limit and its flag otherwise.
   */
  VolumeType check(long sizeGib, Optional<VolumeType> type) {
    if (sizeGib > maxSizeGib) {
      throw new InvalidRequest(
          "volume_context %s of %d GiB is above this driver's limit for inline volumes of %d GiB"
              + " (node flag --ephemeral-max-size)",
          InlineVolumeRules.SIZE_KEY,
          sizeGib,
          maxSizeGib);
    }
    VolumeType effective = type.orElse(DEFAULT_TYPE);
    if (!allowedTypes.contains(effective)) {
      throw new InvalidRequest(
          "volume_context type %s is not allowed for inline volumes; this driver allows %s"
              + " (node flag --ephemeral-types)",
          effective.name().toLowerCase(Locale.ROOT),
          allowedTypes.stream()
              .map(t -> t.name().toLowerCase(Locale.ROOT))
              .sorted()
              .collect(Collectors.joining(", ")));
    }
    return effective;
  }
}
