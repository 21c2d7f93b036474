package dev.simebs.node.device;

import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopHandle;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open handles of the loop devices behind raw-block stagings and publishes. A pod's device node
 * names a loop number, not a file; while the node holds the device open, nobody can detach it
 * (the kernel defers a detach to the last close), so that number cannot be handed to another
 * volume for as long as the volume is staged. Each device is checked ({@link
 * DeviceOwnership#openVerified}) when it is taken; a restarted node takes its devices again before
 * it serves.
 */
public final class BlockHolds implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BlockHolds.class);

  private final DeviceOwnership ownership;
  private final Map<Integer, LoopHandle> held = new ConcurrentHashMap<>();

  public BlockHolds(DeviceOwnership ownership) {
    this.ownership = ownership;
  }

  /**
   * Checks {@code device} for {@code volumeId} and holds it open. A device held already is checked
   * again and stays held.
   *
   * @throws UnverifiedDeviceException when the device is not this node's device of the volume
   */
  public void hold(LoopDevice device, String volumeId) throws IOException {
    LoopHandle handle = ownership.openVerified(device, volumeId);
    LoopHandle previous = held.putIfAbsent(device.number(), handle);
    if (previous != null) {
      // Held already; the fresh check passed, so the new descriptor is not needed.
      handle.close();
    } else {
      log.info("holding {} ({}) open while it is staged for raw block access", device.path(), volumeId);
    }
  }

  /** Closes the hold of {@code device}, if any (before the node detaches it). */
  public void drop(LoopDevice device) {
    LoopHandle handle = held.remove(device.number());
    if (handle != null) {
      handle.close();
    }
  }

  /** The numbers of the devices held now. */
  public Set<Integer> numbers() {
    return Set.copyOf(held.keySet());
  }

  /** Lets go of every device; they stay bound (kubelet still relies on them). */
  @Override
  public void close() {
    held.values().forEach(LoopHandle::close);
    held.clear();
  }
}
