package dev.simebs.common.sys;

import java.nio.file.Path;
import java.util.Arrays;

/** One line of /proc/self/mountinfo. */
public record Mount(
    int id,
    int parentId,
    int major,
    int minor,
    String root,
    Path mountPoint,
    String mountOptions,
    String fsType,
    String source,
    String superOptions) {

  public boolean readOnly() {
    return Arrays.asList(mountOptions.split(",")).contains("ro");
  }

  /** True when this mount shows the file system of block device {@code major:minor}. */
  public boolean isOnDevice(int deviceMajor, int deviceMinor) {
    return major == deviceMajor && minor == deviceMinor;
  }
}
