package dev.simebs.common.sys;

import java.nio.file.Path;

/**
 * A loop device bound to a backing file, as /sys/block/loopN reports it.
 *
 * @param number N in /dev/loopN
 * @param major the device's major number
 * @param minor the device's minor number
 * @param backingFile the file as the kernel names it, without the " (deleted)" mark
 * @param backingFileDeleted true when the file was unlinked while bound
 * @param autoclear true when the device will detach on last close (someone ran losetup -d on it
 *     while it was in use; the node never sets this flag itself)
 * @param readOnly true for a read-only device (the node binds one for read-only block publishes)
 */
public record LoopDevice(
    int number,
    int major,
    int minor,
    Path backingFile,
    boolean backingFileDeleted,
    boolean autoclear,
    boolean readOnly) {

  public String path() {
    return "/dev/loop" + number;
  }

  /** The backing file's name, e.g. {@code vol-0123456789abcdef0.img}. */
  public String backingFileName() {
    Path name = backingFile.getFileName();
    return name == null ? "" : name.toString();
  }
}
