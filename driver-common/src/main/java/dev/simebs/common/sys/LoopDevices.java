package dev.simebs.common.sys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The loop-device table: read from /sys/block/loopN/loop (so it is always the kernel's truth),
 * changed through {@link LinuxSystem}'s ioctls.
 */
public final class LoopDevices {

  private static final String DELETED_MARK = " (deleted)";
  private static final long SECTOR_BYTES = 512;
  private static final int READ_ATTEMPTS = 5;

  private final LinuxSystem system;
  private final Path sysBlock;
  private final Path sysDevBlock;

  public LoopDevices(LinuxSystem system) {
    this.system = system;
    this.sysBlock = Path.of("/sys/block");
    this.sysDevBlock = Path.of("/sys/dev/block");
  }

  /** Every loop device that is bound to a file. */
  public List<LoopDevice> bound() throws IOException {
    List<LoopDevice> devices = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysBlock, "loop*")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.matches("loop\\d+")) {
          read(Integer.parseInt(name.substring(4))).ifPresent(devices::add);
        }
      }
    }
    return devices;
  }

  /** Loop device {@code number}, if it is bound. */
  public Optional<LoopDevice> read(int number) throws IOException {
    Path dir = sysBlock.resolve("loop" + number);
    return afresh(() -> readOnce(number, dir));
  }

  private Optional<LoopDevice> readOnce(int number, Path dir) throws IOException {
    try {
      String backing = Files.readString(dir.resolve("loop/backing_file")).strip();
      String dev = Files.readString(dir.resolve("dev")).strip();
      String[] device = dev.split(":");
      boolean autoclear = Files.readString(dir.resolve("loop/autoclear")).strip().equals("1");
      boolean readOnly = Files.readString(dir.resolve("ro")).strip().equals("1");
      if (backing.isEmpty()) {
        return Optional.empty();
      }
      boolean deleted = backing.endsWith(DELETED_MARK);
      if (deleted) {
        backing = backing.substring(0, backing.length() - DELETED_MARK.length());
      }
      return Optional.of(
          new LoopDevice(
              number,
              (int) number(dir.resolve("dev"), device[0]),
              (int) number(dir.resolve("dev"), device.length > 1 ? device[1] : dev),
              Path.of(backing),
              deleted,
              autoclear,
              readOnly));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The bound loop device with {@code major:minor}, if any: one lookup, no scan. */
  public Optional<LoopDevice> byDevice(int major, int minor) throws IOException {
    Path link = sysDevBlock.resolve(major + ":" + minor);
    if (!Files.exists(link)) {
      return Optional.empty();
    }
    String name = link.toRealPath().getFileName().toString();
    return name.matches("loop\\d+")
        ? read(Integer.parseInt(name.substring(4)))
        : Optional.empty();
  }

  /**
   * The loop device already bound to {@code file} (a real, absolute path) with lo_file_name {@code
   * label}, if any. Only the backing-file name of each device is read until one matches: this runs
   * on every stage and publish, and a node can have many loop devices.
   */
  public Optional<LoopDevice> boundTo(Path file, boolean readOnly, String label)
      throws IOException {
    String wanted = file.toString();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysBlock, "loop*")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.matches("loop\\d+") || !wanted.equals(backingFileName(entry))) {
          continue;
        }
        Optional<LoopDevice> device =
            read(Integer.parseInt(name.substring(4)))
                .filter(
                    d ->
                        !d.backingFileDeleted()
                            && d.readOnly() == readOnly
                            && !d.autoclear()
                            && d.backingFile().equals(file));
        if (device.isPresent() && labelOf(device.get()).equals(Optional.of(label))) {
          return device;
        }
      }
    }
    return Optional.empty();
  }

  /** The backing file a device names, or "" when it is unbound. */
  private static String backingFileName(Path deviceDir) throws IOException {
    return afresh(() -> {
      try {
        return Files.readString(deviceDir.resolve("loop/backing_file")).strip();
      } catch (NoSuchFileException unbound) {
        return "";
      }
    });
  }

  /** One read of a device's sysfs attributes. */
  private interface AttributeRead<T> {
    T read() throws IOException;
  }

  /**
   * Runs {@code read} (which answers a missing attribute as unbound), and again when sysfs failed
   * it: sysfs answers ENODEV ("No such device") for an attribute removed under its reader, which
   * happens when another request of this node detaches the device (and perhaps binds it again)
   * mid-scan. A fresh read sees one state.
   */
  private static <T> T afresh(AttributeRead<T> read) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.read();
      } catch (IOException e) {
        if (attempt == READ_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Binds {@code file} to a new loop device, read-only if asked, with lo_file_name {@code label}. */
  public LoopDevice attach(Path file, boolean readOnly, String label) throws IOException {
    int number = system.attachLoop(file, readOnly, label);
    return read(number)
        .orElseThrow(() -> new IOException("loop device " + number + " vanished after binding"));
  }

  /**
   * Opens {@code device}; the handle keeps it bound to its file until closed. Empty when the
   * device node is gone.
   */
  public Optional<LoopHandle> open(LoopDevice device) throws SystemCallException {
    return LoopHandle.open(system, device.number());
  }

  /** The lo_file_name of {@code device}; empty when it is no longer bound. */
  public Optional<String> labelOf(LoopDevice device) throws SystemCallException {
    Optional<LoopHandle> handle = open(device);
    if (handle.isEmpty()) {
      return Optional.empty();
    }
    try (LoopHandle open = handle.get()) {
      return open.status().map(LoopStatus::label);
    }
  }

  /** Makes the device pick up its backing file's new size. */
  public void refreshCapacity(LoopDevice device) throws IOException {
    system.refreshLoopCapacity(device.path());
  }

  /** The device's size in bytes as the kernel sees it now. */
  public long sizeBytes(LoopDevice device) throws IOException {
    Path size = sysBlock.resolve("loop" + device.number()).resolve("size");
    return number(size, Files.readString(size).strip()) * SECTOR_BYTES;
  }

  /** A number the kernel wrote into {@code file}; anything else is the node's fault to report. */
  private static long number(Path file, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("unexpected content in " + file + ": " + text, e);
    }
  }
}
