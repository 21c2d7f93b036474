package dev.simebs.node.request;

import csi.v1.VolumeCapability;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.fs.FsType;
import dev.simebs.node.fs.MkfsOptions;
import dev.simebs.node.fs.MountOptions;
import io.grpc.Status;
import java.util.Map;
import java.util.Optional;

/** How a volume is to be used on the node: as a raw block device or as a mounted file system. */
public sealed interface Access {

  /** True when the access mode only allows reading. */
  boolean readerOnly();

  /** The device itself, bound onto a file. */
  record Block(boolean readerOnly) implements Access {}

  /**
   * A file system mounted on a directory.
   *
   * @param requested the type the request names, if any: an existing file system must match it
   * @param options mount flags
   * @param mkfs options for formatting a blank device
   */
  record Filesystem(
      Optional<FsType> requested, MountOptions options, MkfsOptions mkfs, boolean readerOnly)
      implements Access {

    /** What a blank device is formatted with. */
    public FsType forFormatting() {
      return requested.orElse(FsType.EXT4);
    }
  }

  /** Reads the capability of a request, naming the missing or bad field. */
  static Access of(
      boolean present, VolumeCapability capability, Map<String, String> volumeContext) {
    Requests.require(present, "volume_capability");
    Requests.require(capability.hasAccessMode(), "volume_capability.access_mode");
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
              throw Rpc.fail(
                  Status.Code.INVALID_ARGUMENT, "volume_capability.access_mode.mode is required");
        };
    return switch (capability.getAccessTypeCase()) {
      case BLOCK -> new Block(readerOnly);
      case MOUNT -> {
        VolumeCapability.MountVolume mount = capability.getMount();
        Optional<FsType> requested =
            !mount.getFsType().isEmpty()
                ? Optional.of(FsType.parse("volume_capability.mount.fs_type", mount.getFsType()))
                : Optional.ofNullable(volumeContext.get(VolumeContextKeys.FS_TYPE))
                    .filter(type -> !type.isEmpty())
                    .map(type -> FsType.parse("volume_context " + VolumeContextKeys.FS_TYPE, type));
        yield new Filesystem(
            requested,
            MountOptions.parse(mount.getMountFlagsList()),
            MkfsOptions.from(volumeContext),
            readerOnly);
      }
      case ACCESSTYPE_NOT_SET ->
          throw Rpc.fail(
              Status.Code.INVALID_ARGUMENT,
              "volume_capability.access_type is required (block or mount)");
    };
  }
}
