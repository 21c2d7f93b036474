package dev.simebs.node.fs;

import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** mkfs sizing options from the volume context; each a positive integer when present. */
public record MkfsOptions(
    OptionalLong blockSize,
    OptionalLong inodeSize,
    OptionalLong bytesPerInode,
    OptionalLong numberOfInodes) {

  public static MkfsOptions none() {
    return new MkfsOptions(
        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
  }

  public static MkfsOptions from(Map<String, String> volumeContext) {
    return new MkfsOptions(
        positive(volumeContext, VolumeContextKeys.BLOCK_SIZE),
        positive(volumeContext, VolumeContextKeys.INODE_SIZE),
        positive(volumeContext, VolumeContextKeys.BYTES_PER_INODE),
        positive(volumeContext, VolumeContextKeys.NUMBER_OF_INODES));
  }

  /** The mke2fs extended option that trusts the device to read as zeros (e2fsprogs 1.47+). */
  static final String PREZEROED = "assume_storage_prezeroed";

  /**
   * The mkfs command line for {@code type} on {@code device}; {@code readsZero} when the device is
   * known to read as zeros.
   */
  public List<String> command(FsType type, String device, boolean readsZero) {
    List<String> args = new ArrayList<>();
    switch (type) {
      case EXT4, EXT3 -> {
        args.addAll(List.of("mkfs." + type.kernelName(), "-q"));
        blockSize.ifPresent(v -> args.addAll(List.of("-b", Long.toString(v))));
        inodeSize.ifPresent(v -> args.addAll(List.of("-I", Long.toString(v))));
        bytesPerInode.ifPresent(v -> args.addAll(List.of("-i", Long.toString(v))));
        numberOfInodes.ifPresent(v -> args.addAll(List.of("-N", Long.toString(v))));
        if (readsZero) {
          args.addAll(List.of("-E", PREZEROED + "=1"));
        }
      }
      case XFS -> {
        unsupportedOnXfs(bytesPerInode, VolumeContextKeys.BYTES_PER_INODE);
        unsupportedOnXfs(numberOfInodes, VolumeContextKeys.NUMBER_OF_INODES);
        args.addAll(List.of("mkfs.xfs", "-q"));
        blockSize.ifPresent(v -> args.addAll(List.of("-b", "size=" + v)));
        inodeSize.ifPresent(v -> args.addAll(List.of("-i", "size=" + v)));
      }
    }
    args.add(device);
    return args;
  }

  private static void unsupportedOnXfs(OptionalLong value, String key) {
    if (value.isPresent()) {
      throw Rpc.fail(Status.Code.INVALID_ARGUMENT, "volume_context %s does not apply to xfs", key);
    }
  }

  private static OptionalLong positive(Map<String, String> context, String key) {
    String value = context.get(key);
    if (value == null || value.isEmpty()) {
      return OptionalLong.empty();
    }
    if (!value.matches("[1-9][0-9]{0,17}")) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT,
          "volume_context %s must be a positive integer, got %s",
          key,
          value);
    }
    return OptionalLong.of(Long.parseLong(value));
  }
}
