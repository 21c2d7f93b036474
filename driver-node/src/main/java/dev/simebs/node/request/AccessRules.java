package dev.simebs.node.request;

import csi.v1.VolumeCapability;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.fs.FsType;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.RequestFields;
import dev.simebs.common.sys.MountFlag;
import dev.simebs.node.fs.MkfsOptions;
import dev.simebs.node.fs.MountOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the volume capability and volume context of a request into an {@link Access}. Every
 * broken rule is INVALID_ARGUMENT naming the field (and the option or key).
 */
final class AccessRules {

  private static final String MOUNT_FLAGS = "volume_capability.mount.mount_flags";

  private AccessRules() {}

  /** The capability, which the caller has checked is present. */
  static Access of(VolumeCapability capability, Map<String, String> volumeContext) {
    RequestFields.require(capability.hasAccessMode(), "volume_capability.access_mode");
    boolean readerOnly =
        switch (capability.getAccessMode().getMode()) {
          case SINGLE_NODE_READER_ONLY, MULTI_NODE_READER_ONLY -> true;
          case SINGLE_NODE_WRITER,
              SINGLE_NODE_SINGLE_WRITER,
              SINGLE_NODE_MULTI_WRITER,
              MULTI_NODE_SINGLE_WRITER,
              MULTI_NODE_MULTI_WRITER ->
              false;
          case UNKNOWN, UNRECOGNIZED ->
              throw new InvalidRequest(
                  "volume_capability.access_mode.mode is required");
        };
    return switch (capability.getAccessTypeCase()) {
      case BLOCK -> new Access.Block(readerOnly);
      case MOUNT -> filesystem(capability.getMount(), volumeContext, readerOnly);
      case ACCESSTYPE_NOT_SET ->
          throw new InvalidRequest(
              "volume_capability.access_type is required (block or mount)");
    };
  }

  private static Access.Filesystem filesystem(
      VolumeCapability.MountVolume mount, Map<String, String> context, boolean readerOnly) {
    Optional<FsType> requested =
        !mount.getFsType().isEmpty()
            ? Optional.of(fsType("volume_capability.mount.fs_type", mount.getFsType()))
            : Optional.ofNullable(context.get(VolumeContextKeys.FS_TYPE))
                .filter(type -> !type.isEmpty())
                .map(type -> fsType("volume_context " + VolumeContextKeys.FS_TYPE, type));
    MkfsOptions mkfs = mkfs(context);
    if (requested.orElse(FsType.EXT4) == FsType.XFS) {
      for (String key :
          List.of(VolumeContextKeys.BYTES_PER_INODE, VolumeContextKeys.NUMBER_OF_INODES)) {
        if (context.containsKey(key) && !context.get(key).isEmpty()) {
          throw new InvalidRequest(
              "volume_context %s does not apply to xfs", key);
        }
      }
    }
    return new Access.Filesystem(
        requested, mountOptions(mount.getMountFlagsList(), requested), mkfs, readerOnly);
  }

  private static MountOptions mountOptions(List<String> entries, Optional<FsType> type) {
    Set<MountFlag> flags = EnumSet.noneOf(MountFlag.class);
    List<String> data = new ArrayList<>();
    for (String entry : entries) {
      for (String option : entry.split(",", -1)) {
        if (option.isEmpty()) {
          continue;
        }
        switch (MountOptions.classify(option, type)) {
          case MountOptions.Option.Flag flag -> flags.add(flag.flag());
          case MountOptions.Option.FileSystem fs -> {
            if (!data.contains(fs.option())) {
              data.add(fs.option());
            }
          }
          case MountOptions.Option.NoOp noOp -> {}
          case MountOptions.Option.Refused refused ->
              throw new InvalidRequest(
                  "%s: %s %s",
                  MOUNT_FLAGS,
                  RequestFields.printable(option),
                  refused.why());
        }
      }
    }
    return new MountOptions(flags, data);
  }

  private static FsType fsType(String field, String name) {
    return FsType.find(name.toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                new InvalidRequest(
                    "%s %s is not supported; use ext4, ext3 or xfs",
                    field,
                    RequestFields.printable(name)));
  }

  private static MkfsOptions mkfs(Map<String, String> context) {
    return new MkfsOptions(
        positive(context, VolumeContextKeys.BLOCK_SIZE),
        positive(context, VolumeContextKeys.INODE_SIZE),
        positive(context, VolumeContextKeys.BYTES_PER_INODE),
        positive(context, VolumeContextKeys.NUMBER_OF_INODES));
  }

  private static OptionalLong positive(Map<String, String> context, String key) {
    String value = context.get(key);
    if (value == null || value.isEmpty()) {
      return OptionalLong.empty();
    }
    if (!value.matches("[1-9][0-9]{0,17}")) {
      throw new InvalidRequest(
          "volume_context %s must be a positive integer, got %s",
          key,
          RequestFields.printable(value));
    }
    return OptionalLong.of(Long.parseLong(value));
  }
}
