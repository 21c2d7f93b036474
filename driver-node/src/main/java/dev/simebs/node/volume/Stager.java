package dev.simebs.node.volume;

import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.fs.FileSystems;
import dev.simebs.node.fs.FsType;
import dev.simebs.node.request.Access;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeStage and NodeUnstage: a volume's backing file bound to a loop device, and either its file
 * system mounted at the staging path or (block access) the device node bound onto {@code
 * <staging>/<volume_id>}. Both directions decide from the kernel's tables, so a repeat after
 * success, or after a restart, does the right thing.
 */
public final class Stager {

  private static final Logger log = LoggerFactory.getLogger(Stager.class);

  private final VolumeDevices devices;
  private final FileSystems fileSystems;
  private final LinuxSystem system;

  public Stager(VolumeDevices devices, FileSystems fileSystems, LinuxSystem system) {
    this.devices = devices;
    this.fileSystems = fileSystems;
    this.system = system;
  }

  /** Where a block volume's device node is bound inside its staging directory. */
  public static Path blockMarker(Path stagingPath, String volumeId) {
    return stagingPath.resolve(volumeId);
  }

  public void stage(String volumeId, Path backingFile, Path stagingPath, Access access)
      throws IOException, InterruptedException {
    List<Mount> table = devices.mounts().read();
    Optional<Mount> atStaging = MountTable.topmostAt(table, stagingPath);
    Optional<Mount> atMarker = MountTable.topmostAt(table, blockMarker(stagingPath, volumeId));
    switch (access) {
      case Access.Filesystem fs -> {
        if (atMarker.isPresent()) {
          throw conflict(volumeId, stagingPath, "it is staged there for block access");
        }
        if (atStaging.isPresent()) {
          requireSameFilesystem(volumeId, stagingPath, atStaging.get(), fs);
          return;
        }
        VolumeDevices.Attached attached = devices.attach(volumeId, backingFile, false);
        // A device bound just now over a file that is all holes is blank: no need to ask blkid.
        boolean readsZero = attached.created() && !system.holdsData(backingFile);
        rollBackOnFailure(
            attached,
            () -> mountFilesystem(volumeId, attached.device(), readsZero, stagingPath, fs));
      }
      case Access.Block block -> {
        if (atStaging.isPresent()) {
          throw conflict(volumeId, stagingPath, "a file system is mounted there");
        }
        if (atMarker.isPresent()) {
          requireOurs(volumeId, stagingPath, atMarker.get());
          holdBoundDevice(volumeId, atMarker.get());
          return;
        }
        VolumeDevices.Attached attached = devices.attach(volumeId, backingFile, false);
        rollBackOnFailure(
            attached,
            () -> {
              devices.holdForBlock(attached.device(), volumeId);
              bindDevice(attached.device(), stagingPath, volumeId);
            });
      }
    }
  }

  /** Undoes {@link #stage}; a staging path that holds nothing of ours is fine. */
  public void unstage(String volumeId, Path stagingPath) throws IOException {
    Path marker = blockMarker(stagingPath, volumeId);
    devices.unmountAll(volumeId, stagingPath);
    devices.unmountAll(volumeId, marker);
    Files.deleteIfExists(marker);
    devices.releaseUnused(volumeId);
  }

  private void mountFilesystem(
      String volumeId, LoopDevice device, boolean readsZero, Path stagingPath, Access.Filesystem fs)
      throws IOException, InterruptedException {
    FileSystems.Content content =
        readsZero ? new FileSystems.Content.Blank(true) : fileSystems.probe(device.path());
    FsType type =
        switch (content) {
          case FileSystems.Content.Blank blank -> {
            fileSystems.format(fs.forFormatting(), fs.mkfs(), device.path(), blank.readsZero());
            log.info("formatted {} ({}) as {}", device.path(), volumeId, fs.forFormatting());
            yield fs.forFormatting();
          }
          case FileSystems.Content.Formatted formatted -> {
            FsType existing = existingType(volumeId, formatted, fs);
            growUnmountedExt(volumeId, device, existing);
            yield existing;
          }
        };
    Files.createDirectories(stagingPath);
    List<String> extra = type == FsType.XFS ? List.of("nouuid") : List.of();
    system.mount(
        device.path(),
        stagingPath,
        type.kernelName(),
        fs.options().flags(),
        fs.options().dataWith(extra));
    log.info("mounted {} ({}) at {}", device.path(), volumeId, stagingPath);
  }

  /** An ext file system the volume outgrew while it was not staged fills its device again. */
  private void growUnmountedExt(String volumeId, LoopDevice device, FsType type)
      throws IOException, InterruptedException {
    if (type != FsType.EXT4 && type != FsType.EXT3) {
      return;
    }
    long deviceBytes = devices.loops().sizeBytes(device);
    if (fileSystems.growUnmountedExt(device.path(), deviceBytes)) {
      log.info(
          "grew the file system of {} ({}) to {} bytes before mounting",
          device.path(),
          volumeId,
          deviceBytes);
    }
  }

  private static FsType existingType(
      String volumeId, FileSystems.Content.Formatted formatted, Access.Filesystem fs) {
    Optional<FsType> found = FsType.of(formatted.type());
    if (found.isEmpty() || (fs.requested().isPresent() && fs.requested().get() != found.get())) {
      throw Rpc.fail(
          Status.Code.FAILED_PRECONDITION,
          "volume %s already holds %s, not %s; the node never reformats a device",
          volumeId,
          formatted.type(),
          fs.requested().map(FsType::kernelName).orElse("a file system the node mounts"));
    }
    return found.get();
  }

  private void bindDevice(LoopDevice device, Path stagingPath, String volumeId) throws IOException {
    Path marker = blockMarker(stagingPath, volumeId);
    Files.createDirectories(stagingPath);
    if (!Files.exists(marker)) {
      Files.createFile(marker);
    }
    system.mount(device.path(), marker, "", LinuxSystem.MS_BIND, "");
    log.info("bound {} ({}) at {}", device.path(), volumeId, marker);
  }

  /** A block staging found in place: its device is checked and held again (e.g. after a restart). */
  private void holdBoundDevice(String volumeId, Mount marker) throws IOException {
    Optional<LoopDevice> device = devices.behind(marker);
    if (device.isEmpty()) {
      throw Rpc.fail(
          Status.Code.FAILED_PRECONDITION,
          "the loop device of volume %s was detached behind the node's back; unstage and stage"
              + " again",
          volumeId);
    }
    devices.holdForBlock(device.get(), volumeId);
  }

  private void requireSameFilesystem(
      String volumeId, Path stagingPath, Mount mount, Access.Filesystem fs) throws IOException {
    requireOurs(volumeId, stagingPath, mount);
    if (fs.requested().isPresent() && !fs.requested().get().kernelName().equals(mount.fsType())) {
      throw conflict(volumeId, stagingPath, "it is staged there with " + mount.fsType());
    }
    if (fs.options().readOnly() != mount.readOnly()) {
      throw conflict(volumeId, stagingPath, "it is staged there with other mount flags");
    }
  }

  private void requireOurs(String volumeId, Path path, Mount mount) throws IOException {
    if (!devices.shows(mount, volumeId)) {
      throw Rpc.fail(
          Status.Code.ALREADY_EXISTS,
          "%s is already mounted from %s, which is not volume %s",
          path,
          mount.source(),
          volumeId);
    }
  }

  private static RuntimeException conflict(String volumeId, Path path, String why) {
    return Rpc.fail(
        Status.Code.ALREADY_EXISTS,
        "volume %s cannot be staged at %s with this capability: %s",
        volumeId,
        path,
        why);
  }

  /** A step that may throw what staging throws. */
  @FunctionalInterface
  interface Step {
    void run() throws IOException, InterruptedException;
  }

  /** Runs {@code step}; if it fails, detaches the loop device this stage bound. */
  private void rollBackOnFailure(VolumeDevices.Attached attached, Step step)
      throws IOException, InterruptedException {
    try {
      step.run();
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (attached.created()) {
        try {
          devices.releaseIfUnused(attached.device());
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
  }
}
