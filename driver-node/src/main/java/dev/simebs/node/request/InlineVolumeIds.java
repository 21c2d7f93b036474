package dev.simebs.node.request;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import java.util.regex.Pattern;

/**
 * The IDs kubelet gives ephemeral inline volumes ({@code csi-<sha256 hex>}): they only ever become
 * a tag value and a hash, never a path; anything path- or tag-hostile is refused.
 */
public final class InlineVolumeIds {

  private static final Pattern CSI_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private InlineVolumeIds() {}

  /** True when {@code volumeId} can only be an inline volume's ID (not a cloud volume ID). */
  public static boolean isInline(String volumeId) {
    return !ResourceIds.VOLUME.isValid(volumeId) && CSI_ID.matcher(volumeId).matches();
  }

  /** An inline volume's ID from a request: INVALID_ARGUMENT unless it has the right form. */
  static void check(String volumeId) {
    if (!CSI_ID.matcher(volumeId).matches()) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT,
          "volume_id %s is not a valid inline volume ID",
          Requests.printable(volumeId));
    }
  }
}
