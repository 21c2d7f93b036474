package dev.simebs.node.volume;

import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.fs.FileSystems;
import dev.simebs.node.fs.FsType;
import dev.simebs.node.sys.LoopDevice;
import dev.simebs.node.sys.LoopDevices;
import dev.simebs.node.sys.Mount;
import dev.simebs.node.sys.ToolException;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeExpandVolume: the loop device re-reads its grown backing file, then the mounted file system
 * grows online into the new space. Block volumes only need the refresh.
 */
public final class Expander {

  private static final Logger log = LoggerFactory.getLogger(Expander.class);

  private final VolumeDevices devices;
  private final FileSystems fileSystems;

  public Expander(VolumeDevices devices, FileSystems fileSystems) {
    this.devices = devices;
    this.fileSystems = fileSystems;
  }

  /** Grows the volume mounted (or bound) at {@code volumePath}; returns its size in bytes. */
  public long expand(String volumeId, Path volumePath, long requiredBytes)
      throws IOException, InterruptedException {
    Mount mount =
        devices.mounts().at(volumePath).orElseThrow(() -> notMounted(volumeId, volumePath));
    LoopDevice device =
        devices
            .behind(mount)
            .filter(d -> VolumeDevices.holds(d, volumeId))
            .orElseThrow(() -> notMounted(volumeId, volumePath));
    devices.verify(device, volumeId);
    LoopDevices loops = devices.loops();
    loops.refreshCapacity(device);
    long size = loops.sizeBytes(device);
    if (size < requiredBytes) {
      throw Rpc.fail(
          Status.Code.FAILED_PRECONDITION,
          "volume %s holds %d bytes, less than the %d required; expand it with the controller"
              + " first",
          volumeId,
          size,
          requiredBytes);
    }
    if (VolumeDevices.deviceNodeNumber(mount).isEmpty()) {
      Optional<FsType> type = FsType.of(mount.fsType());
      if (type.isEmpty()) {
        throw Rpc.fail(
            Status.Code.FAILED_PRECONDITION,
            "volume %s holds %s, which the node cannot grow",
            volumeId,
            mount.fsType());
      }
      try {
        fileSystems.grow(type.get(), device.path(), volumePath);
      } catch (ToolException e) {
        if (type.get() != FsType.XFS && e.getMessage().contains("Permission denied")) {
          throw Rpc.fail(
              Status.Code.FAILED_PRECONDITION,
              "online growth of %s is not permitted on this node (the kernel needs CAP_SYS_RESOURCE"
                  + " for it); the file system grows when volume %s is next staged",
              mount.fsType(),
              volumeId);
        }
        throw e;
      }
    }
    log.info("volume {} at {} is now {} bytes", volumeId, volumePath, size);
    return size;
  }

  private static RuntimeException notMounted(String volumeId, Path path) {
    return Rpc.fail(
        Status.Code.NOT_FOUND, "volume %s is not published or staged at %s", volumeId, path);
  }
}
