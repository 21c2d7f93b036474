package dev.simebs.efs.node.publish;

import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.files.MeteredSize;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.efs.node.NodeRefusal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * NodeGetVolumeStats of a published share: capacity and inodes as the file system's statvfs
 * reports them (a shared file system has no size of its own), bytes used as the metered size
 * of the volume's directory, and a condition that turns abnormal when the mount stopped
 * answering (its server is gone).
 */
public final class ShareStats {

  /** What a volume uses, and whether it is healthy. */
  public record Usage(long totalBytes, long availableBytes, long usedBytes, long totalInodes,
      long freeInodes, boolean abnormal, String message) {}

  private final SharePublisher publisher;
  private final LinuxSystem system;

  public ShareStats(SharePublisher publisher, LinuxSystem system) {
    this.publisher = publisher;
    this.system = system;
  }

  public Usage of(VolumeHandle handle, Path volumePath) throws IOException {
    Optional<SharePublisher.Published> published = publisher.at(volumePath)
        .filter(p -> p.handle().equals(handle));
    if (published.isEmpty()) {
      throw new NodeRefusal.NotFound("%s is not a path of volume %s on this node"
          .formatted(volumePath, handle));
    }
    LinuxSystem.FsUsage usage;
    try (PathHandle mounted = system.open(volumePath)) {
      usage = system.statvfs(mounted);
    } catch (IOException e) {
      return new Usage(0, 0, 0, 0, 0, true,
          "the mount at " + volumePath + " does not answer: " + e.getMessage());
    }
    long used = MeteredSize.of(published.get().walkRoot());
    return new Usage(usage.totalBytes(), usage.availableBytes(), used, usage.totalInodes(),
        usage.freeInodes(), false, "volume is healthy");
  }
}
