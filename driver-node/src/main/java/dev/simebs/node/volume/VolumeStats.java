package dev.simebs.node.volume;

import dev.simebs.common.paths.RequestPath;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.PathHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * NodeGetVolumeStats: usage from statvfs (file systems) or the device size (block), and a volume
 * condition that turns abnormal, with a message, for every state a user should see: the loop
 * device detached behind the node's back, the backing file removed, or the cloud reporting the
 * volume impaired, in error or gone. Only a path where this node staged or published the volume
 * is answered ({@link VolumeLocator}).
 */
public final class VolumeStats {

  /** What a volume uses. */
  public sealed interface Usage {
    record Filesystem(LinuxSystem.FsUsage usage) implements Usage {}

    record Block(long totalBytes) implements Usage {}
  }

  public record Condition(boolean abnormal, String message) {
    static Condition healthy() {
      return new Condition(false, "volume is healthy");
    }
  }

  public record Stats(Usage usage, Condition condition) {}

  private final VolumeLocator locator;
  private final VolumeDevices devices;
  private final LinuxSystem system;
  private final VolumeHealth health;

  public VolumeStats(
      VolumeLocator locator, VolumeDevices devices, LinuxSystem system, VolumeHealth health) {
    this.locator = locator;
    this.devices = devices;
    this.system = system;
    this.health = health;
  }

  public Stats of(String volumeId, RequestPath volumePath) throws IOException {
    try (VolumeLocator.Located at = locator.locate(volumeId, volumePath)) {
      if (at.device().isEmpty()) {
        return new Stats(
            new Usage.Block(0),
            new Condition(
                true,
                "the loop device bound at "
                    + at.place().path()
                    + " was detached behind the node's back; unpublish and unstage, then stage"
                    + " again"));
      }
      LoopDevice device = at.device().get();
      Usage usage;
      if (at.block()) {
        usage = new Usage.Block(devices.loops().sizeBytes(device));
      } else {
        try (PathHandle root = at.open()) {
          usage = new Usage.Filesystem(system.statvfs(root));
        }
      }
      return new Stats(usage, condition(volumeId, device));
    }
  }

  private Condition condition(String volumeId, LoopDevice device) throws IOException {
    if (device.backingFileDeleted()
        || !Files.exists(device.backingFile(), LinkOption.NOFOLLOW_LINKS)) {
      return new Condition(
          true,
          "backing file "
              + device.backingFile()
              + " of the volume was removed; its data goes at the last unmount");
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
        .problemWith(volumeId)
        .map(problem -> new Condition(true, problem))
        .orElseGet(Condition::healthy);
  }
}
