package dev.simebs.node.fs;

import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import java.util.Locale;
import java.util.Optional;

/** The file systems the node formats and grows. */
public enum FsType {
  EXT4("ext4"),
  EXT3("ext3"),
  XFS("xfs");

  private final String kernelName;

  FsType(String kernelName) {
    this.kernelName = kernelName;
  }

  /** The name mount(2), blkid and mountinfo use. */
  public String kernelName() {
    return kernelName;
  }

  /** The type named {@code name} as blkid or mountinfo reports it, if it is one of ours. */
  public static Optional<FsType> of(String name) {
    for (FsType type : values()) {
      if (type.kernelName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** Parses a requested type; unknown ones are INVALID_ARGUMENT naming {@code field}. */
  public static FsType parse(String field, String name) {
    return of(name.toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                Rpc.fail(
                    Status.Code.INVALID_ARGUMENT,
                    "%s %s is not supported; use ext4, ext3 or xfs",
                    field,
                    name));
  }
}
