package dev.simebs.efs.controller.volumes;

import dev.simebs.common.grpc.InvalidRequest;
import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import java.util.List;
import java.util.Optional;

/**
 * Which volume capabilities a shared file system serves: a mount, with any access mode (RWX, ROX,
 * RWO, RWOP and the single-node ones alike); never raw block access.
 */
public final class MountCapabilities {

  private MountCapabilities() {}

  /** Why {@code capability} cannot be served, or empty when it can. */
  public static Optional<String> problem(VolumeCapability capability) {
    if (capability.getAccessTypeCase() == VolumeCapability.AccessTypeCase.ACCESSTYPE_NOT_SET) {
      return Optional.of("access_type is required (mount)");
    }
    if (!capability.hasAccessMode() || capability.getAccessMode().getMode() == Mode.UNKNOWN
        || capability.getAccessMode().getMode() == Mode.UNRECOGNIZED) {
      return Optional.of("access_mode.mode is required");
    }
    if (capability.hasBlock()) {
      return Optional.of("block access is not offered: a shared file system is mounted");
    }
    return Optional.empty();
  }

  /** A non-empty list every entry of which can be served; otherwise invalid, naming the entry. */
  public static void requireServed(List<VolumeCapability> capabilities, String field) {
    if (capabilities.isEmpty()) {
      throw new InvalidRequest("%s", field + " is required");
    }
    for (int i = 0; i < capabilities.size(); i++) {
      Optional<String> problem = problem(capabilities.get(i));
      if (problem.isPresent()) {
        throw new InvalidRequest("%s", "%s[%d]: %s".formatted(field, i, problem.get()));
      }
    }
  }
}
