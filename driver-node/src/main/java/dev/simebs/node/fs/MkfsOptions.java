package dev.simebs.node.fs;

import dev.simebs.common.fs.FsType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * mkfs sizing options from the volume context; each a positive integer when present. Bytes per
 * inode and the number of inodes only exist for ext file systems.
 */
public record MkfsOptions(
    OptionalLong blockSize,
    OptionalLong inodeSize,
    OptionalLong bytesPerInode,
    OptionalLong numberOfInodes) {

  public static MkfsOptions none() {
    return new MkfsOptions(
        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
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
        args.addAll(List.of("mkfs." + type.fsName(), "-q"));
        blockSize.ifPresent(v -> args.addAll(List.of("-b", Long.toString(v))));
        inodeSize.ifPresent(v -> args.addAll(List.of("-I", Long.toString(v))));
        bytesPerInode.ifPresent(v -> args.addAll(List.of("-i", Long.toString(v))));
        numberOfInodes.ifPresent(v -> args.addAll(List.of("-N", Long.toString(v))));
        if (readsZero) {
          args.addAll(List.of("-E", PREZEROED + "=1"));
        }
      }
      case XFS -> {
        if (bytesPerInode.isPresent() || numberOfInodes.isPresent()) {
          throw new IllegalStateException("inode ratio and count do not apply to xfs");
        }
        args.addAll(List.of("mkfs.xfs", "-q"));
        blockSize.ifPresent(v -> args.addAll(List.of("-b", "size=" + v)));
        inodeSize.ifPresent(v -> args.addAll(List.of("-i", "size=" + v)));
      }
    }
    args.add(device);
    return args;
  }
}
