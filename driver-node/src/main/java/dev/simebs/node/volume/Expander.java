package dev.simebs.node.volume;

import dev.simebs.common.fs.FsType;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.ToolException;
import dev.simebs.node.failure.NodeFailure;
import dev.simebs.node.fs.FileSystems;
import dev.simebs.node.request.Access;
import dev.simebs.node.request.NodeRequests;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeExpandVolume: every loop device of the volume re-reads its grown backing file (the staged
 * one, and any read-only one a pod reads through), then a mounted file system grows online into
 * the new space. For a raw block volume the refresh is the whole job: it is what makes the pod's
 * device show the new size. Only a path where this node staged or published the volume is
 * expanded ({@link VolumeLocator}).
 */
public final class Expander {

  private static final Logger log = LoggerFactory.getLogger(Expander.class);

  private final VolumeLocator locator;
  private final VolumeDevices devices;
  private final FileSystems fileSystems;

  public Expander(VolumeLocator locator, VolumeDevices devices, FileSystems fileSystems) {
    this.locator = locator;
    this.devices = devices;
    this.fileSystems = fileSystems;
  }

  /** Grows the volume; returns its size in bytes. */
  public long expand(NodeRequests.Expand request) throws IOException, InterruptedException {
    String volumeId = request.volumeId();
    try (VolumeLocator.Located at = locator.locate(volumeId, request.volumePath())) {
      request.capability().ifPresent(capability -> requireFits(volumeId, capability, at));
      LoopDevice device =
          at.device()
              .orElseThrow(
                  () ->
                      new NodeFailure.WrongState(
                          "the loop device of volume "
                              + volumeId
                              + " was detached behind the node's back; unstage and stage again"));
      devices.verify(device, volumeId);
      LoopDevices loops = devices.loops();
      for (LoopDevice each : devices.allOf(volumeId)) {
        loops.refreshCapacity(each);
      }
      long size = loops.sizeBytes(device);
      if (size < request.requiredBytes()) {
        throw new NodeFailure.WrongState(
            "volume " + volumeId + " holds " + size + " bytes, less than the "
                + request.requiredBytes() + " required; expand it with the controller first");
      }
      if (request.limitBytes() > 0 && size > request.limitBytes()) {
        throw new NodeFailure.CapacityOutOfRange(
            "volume " + volumeId + " already holds " + size + " bytes, more than the limit of "
                + request.limitBytes());
      }
      if (!at.block()) {
        growFilesystem(volumeId, at, device);
      }
      log.info("volume {} at {} is now {} bytes", volumeId, at.place().path(), size);
      return size;
    }
  }

  private void growFilesystem(String volumeId, VolumeLocator.Located at, LoopDevice device)
      throws IOException, InterruptedException {
    String fsType = at.mount().fsType();
    Optional<FsType> type = FsType.find(fsType);
    if (type.isEmpty()) {
      throw new NodeFailure.WrongState(
          "volume " + volumeId + " holds " + fsType + ", which the node cannot grow");
    }
    try {
      fileSystems.grow(type.get(), device.path(), at.place().path());
    } catch (ToolException e) {
      if (type.get() != FsType.XFS && e.getMessage().contains("Permission denied")) {
        throw new NodeFailure.WrongState(
            "online growth of " + fsType + " is not permitted on this node (the kernel needs"
                + " CAP_SYS_RESOURCE for it); the file system grows when volume " + volumeId
                + " is next staged");
      }
      throw e;
    }
  }

  /** The spec's "exceeds capabilities": a capability that does not fit the volume as it is. */
  private static void requireFits(String volumeId, Access capability, VolumeLocator.Located at) {
    boolean fits =
        switch (capability) {
          case Access.Block block -> at.block();
          case Access.Filesystem fs ->
              !at.block()
                  && fs.requested().map(t -> t.fsName().equals(at.mount().fsType())).orElse(true);
        };
    if (!fits) {
      throw new NodeFailure.IncompatibleCapability(
          "volume_capability does not fit volume " + volumeId + ", which is "
              + (at.block() ? "used as a raw block device" : "mounted with " + at.mount().fsType())
              + " at " + at.place().path());
    }
  }
}
