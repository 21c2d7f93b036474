package dev.simebs.controller.capabilities;

import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.controller.parameters.FsType;
import dev.simebs.controller.parameters.Invalid;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which volume capabilities SimEBS serves. A block-storage volume lives on one node, so the
 * single-node modes are served for block and mount; MULTI_NODE_READER_ONLY is accepted (the cloud
 * refuses a second attachment unless the volume is multi-attach); MULTI_NODE_MULTI_WRITER needs
 * a multi-attach (io2) volume used as a raw block device. MULTI_NODE_SINGLE_WRITER is not served.
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

  private CapabilityRules() {}

  /** Reads a capability; a missing access type or access mode is INVALID_ARGUMENT. */
  public static RequestedCapability read(VolumeCapability capability, String field) {
    AccessType accessType =
        switch (capability.getAccessTypeCase()) {
          case BLOCK -> AccessType.BLOCK;
          case MOUNT -> AccessType.MOUNT;
          case ACCESSTYPE_NOT_SET ->
              throw Invalid.argument("%s.access_type is required (block or mount)", field);
        };
    if (!capability.hasAccessMode()) {
      throw Invalid.argument("%s.access_mode is required", field);
    }
    String fsType = accessType == AccessType.MOUNT ? capability.getMount().getFsType() : "";
    return new RequestedCapability(accessType, capability.getAccessMode().getMode(), fsType);
  }

  /** Reads a non-empty list of capabilities. */
  public static List<RequestedCapability> readAll(List<VolumeCapability> capabilities, String field) {
    if (capabilities.isEmpty()) {
      throw Invalid.argument("%s is required", field);
    }
    List<RequestedCapability> read = new ArrayList<>();
    for (int i = 0; i < capabilities.size(); i++) {
      read.add(read(capabilities.get(i), field + "[" + i + "]"));
    }
    return read;
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
    if (mode == Mode.MULTI_NODE_MULTI_WRITER) {
      if (capability.accessType() != AccessType.BLOCK) {
        return Optional.of("access mode MULTI_NODE_MULTI_WRITER needs a block volume, not a mount");
      }
      if (!multiAttachVolume) {
        return Optional.of("access mode MULTI_NODE_MULTI_WRITER needs a multi-attach io2 volume (multiAttach=\"true\")");
      }
    }
    return Optional.empty();
  }

  /** Throws INVALID_ARGUMENT naming the first capability the volume cannot serve. */
  public static void requireServed(List<RequestedCapability> capabilities, boolean multiAttachVolume, String field) {
    for (int i = 0; i < capabilities.size(); i++) {
      Optional<String> problem = problem(capabilities.get(i), multiAttachVolume);
      if (problem.isPresent()) {
        throw Invalid.argument("%s[%d]: %s", field, i, problem.get());
      }
    }
  }
}
