package dev.simebs.node.device;

import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.LoopHandle;
import dev.simebs.common.sys.LoopStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * Tells this node's loop devices from every other node's by the {@link LoopOwner} label the kernel
 * keeps for each device, and checks a device before it is used.
 */
public final class DeviceOwnership {

  private final LoopDevices loops;
  private final String nodeId;

  public DeviceOwnership(LoopDevices loops, String nodeId) {
    this.loops = loops;
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  /** The label this node gives a device it binds for {@code volumeId}. */
  public String labelFor(String volumeId) {
    return LoopOwner.of(volumeId, nodeId).label();
  }

  /** True when this node bound {@code device} for {@code volumeId}. */
  public boolean isOurs(LoopDevice device, String volumeId) throws IOException {
    return loops.labelOf(device).filter(labelFor(volumeId)::equals).isPresent();
  }

  /**
   * Opens {@code device} and checks, through the open descriptor, that this node bound it for
   * {@code volumeId}, that it is still bound to the very file (device and inode) its backing path
   * names, and that nobody asked to detach it. The open handle then keeps that true until it is
   * closed.
   *
   * @throws UnverifiedDeviceException when any of it does not hold (the handle is closed then)
   */
  public LoopHandle openVerified(LoopDevice device, String volumeId) throws IOException {
    LoopHandle handle =
        loops
            .open(device)
            .orElseThrow(() -> new UnverifiedDeviceException(device, volumeId, "it is gone"));
    try {
      LoopStatus status =
          handle
              .status()
              .orElseThrow(
                  () -> new UnverifiedDeviceException(device, volumeId, "it is no longer bound"));
      String expected = labelFor(volumeId);
      if (!status.label().equals(expected)) {
        throw new UnverifiedDeviceException(
            device,
            volumeId,
            "it is labelled '" + status.label() + "', not '" + expected + "' (another node or an"
                + " older driver bound it)");
      }
      if (status.autoclear()) {
        throw new UnverifiedDeviceException(
            device, volumeId, "it was detached behind the node's back");
      }
      if (!backs(status, device)) {
        throw new UnverifiedDeviceException(
            device, volumeId, "its backing file is no longer " + device.backingFile());
      }
      return handle;
    } catch (IOException | RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /** True when the file at the device's backing path is the file the kernel has bound. */
  private static boolean backs(LoopStatus status, LoopDevice device) throws IOException {
    try {
      long dev = ((Number) Files.getAttribute(device.backingFile(), "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
      long ino = ((Number) Files.getAttribute(device.backingFile(), "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
      return !device.backingFileDeleted()
          && dev == status.backingDevice()
          && ino == status.backingInode();
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
