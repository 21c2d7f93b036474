package dev.simebs.node.volume;

import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.sys.LinuxSystem;
import dev.simebs.node.sys.LoopDevice;
import dev.simebs.node.sys.Mount;
import dev.simebs.node.sys.MountTable;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * NodeGetVolumeStats: usage from statvfs (file systems) or the device size (block), and a volume
 * condition that turns abnormal when the mount is gone, the loop device was detached behind the
 * node's back, the backing file was removed, or the cloud reports the volume impaired.
 */
public final class VolumeStats {

  /** What a volume uses. */
  public sealed interface Usage {
    record Filesystem(LinuxSystem.FsUsage usage) implements Usage {}

    record Block(long totalBytes) implements Usage {}

    /** Nothing is mounted, so nothing can be measured. */
    record Unknown() implements Usage {}
  }

  public record Condition(boolean abnormal, String message) {
    static Condition healthy() {
      return new Condition(false, "volume is healthy");
    }
  }

  public record Stats(Usage usage, Condition condition) {}

  private final VolumeDevices devices;
  private final LinuxSystem system;
  private final VolumeHealth health;

  public VolumeStats(VolumeDevices devices, LinuxSystem system, VolumeHealth health) {
    this.devices = devices;
    this.system = system;
    this.health = health;
  }

  public Stats of(String volumeId, Path volumePath) throws IOException {
    List<Mount> table = devices.mounts().read();
    Optional<Mount> mount =
        MountTable.topmostAt(table, volumePath)
            // A block volume's staging directory: its device is bound inside.
            .or(() -> MountTable.topmostAt(table, Stager.blockMarker(volumePath, volumeId)));
    if (mount.isEmpty()) {
      return unmounted(volumeId, volumePath);
    }
    boolean block = VolumeDevices.deviceNodeNumber(mount.get()).isPresent();
    Optional<LoopDevice> device = devices.behind(mount.get());
    if (device.isEmpty()) {
      if (block) {
        return new Stats(
            new Usage.Block(0),
            new Condition(
                true,
                "the loop device bound at " + volumePath + " was detached behind the node's back"));
      }
      throw notOurs(volumeId, volumePath);
    }
    if (!VolumeDevices.holds(device.get(), volumeId)) {
      throw notOurs(volumeId, volumePath);
    }
    Usage usage =
        block
            ? new Usage.Block(devices.loops().sizeBytes(device.get()))
            : new Usage.Filesystem(system.statvfs(volumePath));
    return new Stats(usage, condition(volumeId, device.get()));
  }

  private Stats unmounted(String volumeId, Path volumePath) throws IOException {
    if (devices.of(volumeId).isPresent() && Files.exists(volumePath)) {
      return new Stats(
          new Usage.Unknown(),
          new Condition(
              true, volumePath + " is no longer mounted; the volume is not reachable there"));
    }
    throw notOurs(volumeId, volumePath);
  }

  private Condition condition(String volumeId, LoopDevice device) throws IOException {
    if (device.backingFileDeleted() || !Files.exists(device.backingFile())) {
      return new Condition(true, "backing file " + device.backingFile() + " was removed");
    }
    if (device.autoclear()) {
      return new Condition(
          true,
          device.path() + " was detached behind the node's back; it goes at the last unmount");
    }
    if (!devices.isOurs(device, volumeId)) {
      return new Condition(
          true,
          device.path()
              + " was not bound by this node for the volume (another node or an older driver bound"
              + " it); unpublish and unstage, then stage again");
    }
    return health
        .impairment(volumeId)
        .map(reason -> new Condition(true, "the cloud reports the volume impaired: " + reason))
        .orElseGet(Condition::healthy);
  }

  private static RuntimeException notOurs(String volumeId, Path path) {
    return Rpc.fail(Status.Code.NOT_FOUND, "%s is not a path of volume %s", path, volumeId);
  }
}
