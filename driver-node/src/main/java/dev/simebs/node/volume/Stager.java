package dev.simebs.node.volume;

import dev.simebs.common.fs.FsType;
import dev.simebs.common.paths.RequestPath;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.node.failure.NodeFailure;
import dev.simebs.node.fs.FileSystems;
import dev.simebs.node.path.Place;
import dev.simebs.node.path.SafePaths;
import dev.simebs.node.request.Access;
import dev.simebs.node.request.BackingFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeStage and NodeUnstage: a volume's backing file bound to a loop device, and either its file
 * system mounted on the staging directory or (block access) the device node bound onto the file
 * {@code <staging>/<volume_id>}. Both directions decide from the kernel's tables, so a repeat after
 * success, or after a restart, does the right thing. Every mount is made onto a handle of the
 * checked, link-free place (see {@link SafePaths}).
 */
public final class Stager {

  private static final Logger log = LoggerFactory.getLogger(Stager.class);

  private final VolumeDevices devices;
  private final FileSystems fileSystems;
  private final LinuxSystem system;
  private final SafePaths paths;
  private final BackingFiles backingFiles;

  public Stager(
      VolumeDevices devices,
      FileSystems fileSystems,
      LinuxSystem system,
      SafePaths paths,
      BackingFiles backingFiles) {
    this.devices = devices;
    this.fileSystems = fileSystems;
    this.system = system;
    this.paths = paths;
    this.backingFiles = backingFiles;
  }

  /**
   * Stages {@code volumeId}, whose backing file publish_context named {@code backingFile}.
   *
   * @throws NodeFailure.VolumeNotFound when the backing file does not exist
   * @throws NodeFailure.Conflict when the staging path holds the volume in another way, or
   *     something else
   * @throws NodeFailure.WrongState when the device holds a file system of another type
   * @throws NodeFailure.UnusablePath when the staging path cannot be used safely
   */
  public void stage(String volumeId, Path backingFile, RequestPath staging, Access access)
      throws IOException, InterruptedException {
    try (Place place = paths.placeMakingDirectories(staging)) {
      Optional<Mount> atStaging = place.mount();
      Optional<Mount> atMarker = blockMount(place, volumeId);
      switch (access) {
        case Access.Filesystem fs -> {
          if (atMarker.isPresent()) {
            throw conflict(volumeId, place, "it is staged there for block access");
          }
          if (atStaging.isPresent()) {
            requireSameFilesystem(volumeId, place, atStaging.get(), fs);
            return;
          }
          try (PathHandle directory = place.directoryMadeIfAbsent()) {
            VolumeDevices.Attached attached =
                devices.attach(volumeId, backingFiles.locate(volumeId, backingFile), false);
            // A device bound just now over a file that is all holes is blank: no need for blkid.
            boolean readsZero =
                attached.created() && !system.holdsData(attached.device().backingFile());
            rollBackOnFailure(
                attached,
                () -> mountFilesystem(volumeId, attached.device(), readsZero, place, directory, fs));
          }
        }
        case Access.Block block -> {
          if (atStaging.isPresent()) {
            throw conflict(volumeId, place, "a file system is mounted there");
          }
          if (atMarker.isPresent()) {
            requireOurs(volumeId, place, atMarker.get());
            holdBoundDevice(volumeId, atMarker.get());
            return;
          }
          try (PathHandle directory = place.directoryMadeIfAbsent();
              Place marker = place.child(directory, volumeId)) {
            VolumeDevices.Attached attached =
                devices.attach(volumeId, backingFiles.locate(volumeId, backingFile), false);
            rollBackOnFailure(
                attached,
                () -> {
                  devices.holdForBlock(attached.device(), volumeId);
                  bindDevice(volumeId, attached.device(), marker);
                });
          }
        }
      }
    }
  }

  /** Undoes {@link #stage}; a staging path that holds nothing of ours is fine. */
  public void unstage(String volumeId, RequestPath staging) throws IOException {
    Optional<Place> existing = paths.existingPlace(staging);
    if (existing.isPresent()) {
      try (Place place = existing.get()) {
        devices.unmountAll(volumeId, place);
        Optional<PathHandle> directory = place.existingDirectory();
        if (directory.isPresent()) {
          try (PathHandle handle = directory.get();
              Place marker = place.child(handle, volumeId)) {
            devices.unmountAll(volumeId, marker);
            marker.removeIfPresent(PathHandle.FileKind.REGULAR_FILE);
          }
        }
      }
    }
    devices.releaseUnused(volumeId);
  }

  /** The mount of a block volume's device inside the staging directory, if there is one. */
  private static Optional<Mount> blockMount(Place place, String volumeId) throws IOException {
    Optional<PathHandle> directory = place.existingDirectory();
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    try (PathHandle handle = directory.get();
        Place marker = place.child(handle, volumeId)) {
      return marker.mount();
    }
  }

  private void mountFilesystem(
      String volumeId,
      LoopDevice device,
      boolean readsZero,
      Place place,
      PathHandle directory,
      Access.Filesystem fs)
      throws IOException, InterruptedException {
    FileSystems.Content content =
        readsZero ? new FileSystems.Content.Blank(true) : fileSystems.probe(device.path());
    FsType type =
        switch (content) {
          case FileSystems.Content.Blank blank -> fs.forFormatting();
          case FileSystems.Content.Formatted formatted -> existingType(volumeId, formatted, fs);
        };
    Optional<String> refused = fs.options().firstRefusedBy(type);
    if (refused.isPresent()) {
      throw new NodeFailure.RejectedMountOption(
          "volume_capability.mount.mount_flags: "
              + refused.get()
              + " is not an allowed mount option of "
              + type.fsName()
              + ", which volume "
              + volumeId
              + " holds");
    }
    boolean grow = false;
    if (content instanceof FileSystems.Content.Blank blank) {
      fileSystems.format(type, fs.mkfs(), device.path(), blank.readsZero());
      log.info("formatted {} ({}) as {}", device.path(), volumeId, type);
    } else {
      grow = fileSystems.smallerThanDevice(type, device.path(), deviceBytes(device));
      if (grow && type != FsType.XFS) {
        fileSystems.growUnmountedExt(device.path());
        log.info("grew the file system of {} ({}) before mounting", device.path(), volumeId);
      }
    }
    List<String> extra = type == FsType.XFS ? List.of("nouuid") : List.of();
    system.mountFilesystem(
        device.path(), type.fsName(), fs.options().flags(), fs.options().dataWith(extra), directory);
    log.info("mounted {} ({}) at {}", device.path(), volumeId, place.path());
    if (grow && type == FsType.XFS) {
      // xfs only grows mounted; a restore or clone into a larger volume ends up here.
      fileSystems.grow(type, device.path(), place.path());
      log.info("grew the xfs of {} ({}) to fill its device", device.path(), volumeId);
    }
  }

  private long deviceBytes(LoopDevice device) throws IOException {
    return devices.loops().sizeBytes(device);
  }

  private static FsType existingType(
      String volumeId, FileSystems.Content.Formatted formatted, Access.Filesystem fs) {
    Optional<FsType> found = FsType.find(formatted.type());
    if (found.isEmpty() || (fs.requested().isPresent() && fs.requested().get() != found.get())) {
      throw new NodeFailure.WrongState(
          "volume "
              + volumeId
              + " already holds "
              + formatted.type()
              + ", not "
              + fs.requested().map(FsType::fsName).orElse("a file system the node mounts")
              + "; the node never reformats a device");
    }
    return found.get();
  }

  private void bindDevice(String volumeId, LoopDevice device, Place marker) throws IOException {
    try (PathHandle file = marker.fileMadeIfAbsent();
        PathHandle node = system.open(Path.of(device.path()))) {
      system.bind(node, file, marker.directory(), marker.name(), Set.of());
    }
    log.info("bound {} ({}) at {}", device.path(), volumeId, marker.path());
  }

  /** A block staging found in place: its device is checked and held again (e.g. after a restart). */
  private void holdBoundDevice(String volumeId, Mount marker) throws IOException {
    Optional<LoopDevice> device = devices.behind(marker);
    if (device.isEmpty()) {
      throw new NodeFailure.WrongState(
          "the loop device of volume "
              + volumeId
              + " was detached behind the node's back; unstage and stage again");
    }
    devices.holdForBlock(device.get(), volumeId);
  }

  private void requireSameFilesystem(
      String volumeId, Place place, Mount mount, Access.Filesystem fs) throws IOException {
    requireOurs(volumeId, place, mount);
    if (fs.requested().isPresent() && !fs.requested().get().fsName().equals(mount.fsType())) {
      throw conflict(volumeId, place, "it is staged there with " + mount.fsType());
    }
    if (fs.options().readOnly() != mount.readOnly()) {
      throw conflict(volumeId, place, "it is staged there with other mount flags");
    }
  }

  private void requireOurs(String volumeId, Place place, Mount mount) throws IOException {
    if (!devices.shows(mount, volumeId)) {
      throw new NodeFailure.Conflict(
          place.path() + " is already mounted from " + mount.source() + ", which is not volume "
              + volumeId);
    }
  }

  private static NodeFailure conflict(String volumeId, Place place, String why) {
    return new NodeFailure.Conflict(
        "volume " + volumeId + " cannot be staged at " + place.path() + " with this capability: "
            + why);
  }

  /** A step that may throw what staging throws. */
  @FunctionalInterface
  private interface Step {
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
