package dev.simebs.node.request;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.RequestFields;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The request fields of CSI ephemeral inline volumes. kubelet names them {@code csi-<sha256 hex>}:
 * such an ID only ever becomes a tag value and a hash, never a path, and anything path- or
 * tag-hostile is refused. Their size and type come from the pod author through volume_context.
 */
final class InlineVolumeRules {

  /** The volume_context key of an inline volume's size, e.g. {@code 2Gi}. */
  static final String SIZE_KEY = "size";

  private static final String DEFAULT_SIZE = "1Gi";
  private static final Pattern CSI_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private InlineVolumeRules() {}

  /** True when {@code volumeId} can only be an inline volume's ID (not a cloud volume ID). */
  static boolean isInline(String volumeId) {
    return !ResourceIds.VOLUME.isValid(volumeId) && CSI_ID.matcher(volumeId).matches();
  }

  /** An inline volume's ID from a request: INVALID_ARGUMENT unless it has the right form. */
  static void checkId(String volumeId) {
    if (!CSI_ID.matcher(volumeId).matches()) {
      throw new InvalidRequest(
          "volume_id %s is not a valid inline volume ID",
          RequestFields.printable(volumeId));
    }
  }

  /** The size the pod asks for, in whole GiB rounded up (1 GiB when it names none). */
  static long sizeGib(Map<String, String> volumeContext) {
    return Quantity.toGibRoundedUp(
        "volume_context " + SIZE_KEY, volumeContext.getOrDefault(SIZE_KEY, DEFAULT_SIZE));
  }

  /** The volume type the pod asks for, if any. */
  static Optional<VolumeType> type(Map<String, String> volumeContext) {
    String name = volumeContext.getOrDefault(VolumeContextKeys.TYPE, "");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    try {
      VolumeType type = VolumeType.valueOf(name.toUpperCase(Locale.ROOT));
      if (type != VolumeType.UNRECOGNIZED) {
        return Optional.of(type);
      }
    } catch (IllegalArgumentException e) {
      // Named below.
    }
    throw new InvalidRequest(
        "volume_context %s %s is not a volume type",
        VolumeContextKeys.TYPE,
        RequestFields.printable(name));
  }
}
