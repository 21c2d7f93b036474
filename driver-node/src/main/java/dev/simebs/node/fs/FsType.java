package dev.simebs.node.fs;

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
}
