package dev.simebs.controller.capabilities;

import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeCapability;
import dev.simebs.common.fs.FsType;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which volume capabilities SimEBS serves. A block-storage volume is attached to one node, so the
 * single-node modes are served for block and mount. The multi-node modes need a volume the cloud
 * attaches to several nodes at once (multi-attach io2) used as a raw block device, as EBS does: a
 * file system volume can never be attached to a second node, so MULTI_NODE_READER_ONLY on a mount
 * is refused instead of leaving a ReadOnlyMany claim failing on its second node forever.
 * MULTI_NODE_SINGLE_WRITER is not served.
 */
public final class CapabilityRules {

  private static final Set<Mode> SERVED =
      EnumSet.of(
          Mode.SINGLE_NODE_WRITER,
          Mode.SINGLE_NODE_SINGLE_WRITER,
          Mode.SINGLE_NODE_MULTI_WRITER,
          Mode.SINGLE_NODE_READER_ONLY,
          Mode.MULTI_NODE_READER_ONLY,
          Mode.MULTI_NODE_MULTI_WRITER);

  private static final Set<Mode> MULTI_NODE =
      EnumSet.of(Mode.MULTI_NODE_READER_ONLY, Mode.MULTI_NODE_SINGLE_WRITER, Mode.MULTI_NODE_MULTI_WRITER);

  private CapabilityRules() {}

  /** Reads a capability; a missing access type or access mode is INVALID_ARGUMENT. */
  public static RequestedCapability read(VolumeCapability capability, String field) {
    AccessType accessType =
        switch (capability.getAccessTypeCase()) {
          case BLOCK -> AccessType.BLOCK;
          case MOUNT -> AccessType.MOUNT;
          case ACCESSTYPE_NOT_SET -> throw new InvalidRequest("%s.access_type is required (block or mount)", field);
        };
    Mode mode = capability.getAccessMode().getMode();
    if (!capability.hasAccessMode() || mode == Mode.UNKNOWN || mode == Mode.UNRECOGNIZED) {
      throw new InvalidRequest("%s.access_mode.mode is required", field);
    }
    String fsType = accessType == AccessType.MOUNT ? capability.getMount().getFsType() : "";
    return new RequestedCapability(accessType, mode, fsType);
  }

  /** Reads a non-empty list of capabilities. */
  public static List<RequestedCapability> readAll(List<VolumeCapability> capabilities, String field) {
    if (capabilities.isEmpty()) {
      throw new InvalidRequest("%s is required", field);
    }
    List<RequestedCapability> read = new ArrayList<>();
    for (int i = 0; i < capabilities.size(); i++) {
      read.add(read(capabilities.get(i), field + "[" + i + "]"));
    }
    return read;
  }

  /** True for the modes that let a volume be used on several nodes at once. */
  public static boolean isMultiNode(Mode mode) {
    return MULTI_NODE.contains(mode);
  }

  /** Why {@code capability} cannot be served by a volume, or empty when it can. */
  public static Optional<String> problem(RequestedCapability capability, boolean multiAttachVolume) {
    Mode mode = capability.mode();
    if (!SERVED.contains(mode)) {
      return Optional.of("access mode " + mode + " is not supported");
    }
    if (capability.accessType() == AccessType.MOUNT
        && !capability.fsType().isEmpty()
        && FsType.find(capability.fsType()).isEmpty()) {
      return Optional.of("fs_type \"" + capability.fsType() + "\" is not supported; use one of " + FsType.names());
    }
    if (isMultiNode(mode)) {
      if (capability.accessType() != AccessType.BLOCK) {
        return Optional.of(
            "access mode " + mode + " needs a block volume: a file system volume is attached to one node only");
      }
      if (!multiAttachVolume) {
        return Optional.of("access mode " + mode + " needs a multi-attach io2 volume (multiAttach=\"true\")");
      }
    }
    return Optional.empty();
  }

  /** Throws INVALID_ARGUMENT naming the first capability the volume cannot serve. */
  public static void requireServed(List<RequestedCapability> capabilities, boolean multiAttachVolume, String field) {
    for (int i = 0; i < capabilities.size(); i++) {
      Optional<String> problem = problem(capabilities.get(i), multiAttachVolume);
      if (problem.isPresent()) {
        throw new InvalidRequest("%s[%d]: %s", field, i, problem.get());
      }
    }
  }
}
