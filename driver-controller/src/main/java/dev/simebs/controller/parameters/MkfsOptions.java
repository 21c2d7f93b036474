package dev.simebs.controller.parameters;

import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.fs.FsType;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * File-system sizing the node passes to mkfs on a blank volume. Bounds follow mke2fs and
 * mkfs.xfs; bytes-per-inode and the inode count exist only for ext file systems.
 */
public record MkfsOptions(
    OptionalInt blockSize, OptionalInt inodeSize, OptionalInt bytesPerInode, OptionalInt numberOfInodes) {

  public static final MkfsOptions NONE =
      new MkfsOptions(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

  static final IntRange EXT_BLOCK_SIZE = new IntRange(1024, 65_536);
  static final IntRange XFS_BLOCK_SIZE = new IntRange(512, 65_536);
  static final IntRange EXT_INODE_SIZE = new IntRange(128, 65_536);
  static final IntRange XFS_INODE_SIZE = new IntRange(256, 2048);
  static final IntRange BYTES_PER_INODE = new IntRange(1024, 67_108_864);
  static final IntRange NUMBER_OF_INODES = new IntRange(1, Integer.MAX_VALUE);
  /** The widest bounds of any supported file system, for parsing before the type is known. */
  static final IntRange ANY_SIZE = new IntRange(128, 67_108_864);

  /** Checks the options against the file system they will be used with. */
  public void checkFor(FsType fsType) {
    blockSize.ifPresent(
        size -> checkPowerOfTwo(ParameterKeys.BLOCK_SIZE, size, fsType.isExt() ? EXT_BLOCK_SIZE : XFS_BLOCK_SIZE, fsType));
    inodeSize.ifPresent(
        size -> checkPowerOfTwo(ParameterKeys.INODE_SIZE, size, fsType.isExt() ? EXT_INODE_SIZE : XFS_INODE_SIZE, fsType));
    if (!fsType.isExt()) {
      if (bytesPerInode.isPresent()) {
        throw new InvalidRequest("%s applies to ext file systems only, not %s", ParameterKeys.BYTES_PER_INODE, fsType.fsName());
      }
      if (numberOfInodes.isPresent()) {
        throw new InvalidRequest("%s applies to ext file systems only, not %s", ParameterKeys.NUMBER_OF_INODES, fsType.fsName());
      }
    }
  }

  /** The volume_context entries the node reads. */
  public Map<String, String> toContext() {
    Map<String, String> context = new LinkedHashMap<>();
    blockSize.ifPresent(v -> context.put(VolumeContextKeys.BLOCK_SIZE, Integer.toString(v)));
    inodeSize.ifPresent(v -> context.put(VolumeContextKeys.INODE_SIZE, Integer.toString(v)));
    bytesPerInode.ifPresent(v -> context.put(VolumeContextKeys.BYTES_PER_INODE, Integer.toString(v)));
    numberOfInodes.ifPresent(v -> context.put(VolumeContextKeys.NUMBER_OF_INODES, Integer.toString(v)));
    return context;
  }

  private static void checkPowerOfTwo(String key, int value, IntRange range, FsType fsType) {
    if (!range.contains(value) || Integer.bitCount(value) != 1) {
      throw new InvalidRequest(
          "%s must be a power of two between %d and %d for %s, got %d",
          key, range.min(), range.max(), fsType.fsName(), value);
    }
  }
}
