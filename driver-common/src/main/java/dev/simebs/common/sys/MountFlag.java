package dev.simebs.common.sys;

/**
 * The generic mount flags the node applies, with how each is spelt for the new mount API
 * (per-mount attributes and superblock flags) and for classic mount(2).
 */
public enum MountFlag {
  READ_ONLY("ro", 0x1, 1, true),
  NO_SUID("nosuid", 0x2, 2, false),
  NO_DEV("nodev", 0x4, 4, false),
  NO_EXEC("noexec", 0x8, 8, false),
  NO_ATIME("noatime", 0x10, 1024, false),
  STRICT_ATIME("strictatime", 0x20, 1L << 24, false),
  RELATIME("relatime", 0x0, 1L << 21, false),
  NO_DIRATIME("nodiratime", 0x80, 2048, false),
  /** The rest only concern the file system, not one mount of it. */
  SYNC("sync", -1, 16, true),
  DIRSYNC("dirsync", -1, 128, true),
  LAZYTIME("lazytime", -1, 1L << 25, true);

  /** MOUNT_ATTR__ATIME: the bits of the access-time mode. */
  static final long ATIME_MODE_MASK = 0x70;

  private final String option;
  private final long mountAttribute;
  private final long classicFlag;
  private final boolean superblock;

  MountFlag(String option, long mountAttribute, long classicFlag, boolean superblock) {
    this.option = option;
    this.mountAttribute = mountAttribute;
    this.classicFlag = classicFlag;
    this.superblock = superblock;
  }

  /** The name used in mount options, e.g. {@code nosuid}. */
  public String option() {
    return option;
  }

  /** True when a bind mount can carry the flag (it is a property of one mount). */
  public boolean perMount() {
    return mountAttribute >= 0;
  }

  /** True when the file system itself takes the flag (fsconfig's flag of the same name). */
  boolean superblock() {
    return superblock;
  }

  /** MOUNT_ATTR_* for fsmount(2) and mount_setattr(2). */
  long mountAttribute() {
    return Math.max(mountAttribute, 0);
  }

  /** MS_* for classic mount(2). */
  long classicFlag() {
    return classicFlag;
  }

  boolean isAtimeMode() {
    return this == NO_ATIME || this == STRICT_ATIME || this == RELATIME;
  }
}
