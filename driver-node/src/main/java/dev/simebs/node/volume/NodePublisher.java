package dev.simebs.node.volume;

import dev.simebs.common.paths.RequestPath;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.MountFlag;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.node.failure.NodeFailure;
import dev.simebs.node.path.Place;
import dev.simebs.node.path.SafePaths;
import dev.simebs.node.request.Access;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodePublish and NodeUnpublish: a bind mount of the staged file system onto the target directory,
 * or of the volume's loop device node onto the target file, read-only when asked. The bind is made
 * from a handle of the staging mount onto a handle of the checked, link-free target.
 */
public final class NodePublisher {

  private static final Logger log = LoggerFactory.getLogger(NodePublisher.class);

  private final VolumeDevices devices;
  private final LinuxSystem system;
  private final SafePaths paths;

  public NodePublisher(VolumeDevices devices, LinuxSystem system, SafePaths paths) {
    this.devices = devices;
    this.system = system;
    this.paths = paths;
  }

  /**
   * Publishes staged {@code volumeId} at {@code target}.
   *
   * @throws NodeFailure.WrongState when the volume is not staged at {@code staging} this way
   * @throws NodeFailure.Conflict when the target already shows it otherwise, or something else
   * @throws NodeFailure.UnusablePath when a path cannot be used safely
   */
  public void publish(
      String volumeId, RequestPath staging, RequestPath target, Access access, boolean readOnly)
      throws IOException {
    boolean ro = readOnly || access.readerOnly();
    try (Place stagingPlace =
        paths
            .existingPlace(staging)
            .orElseThrow(() -> notStaged(volumeId, staging.path()))) {
      switch (access) {
        case Access.Filesystem fs -> publishFilesystem(volumeId, stagingPlace, target, fs, ro);
        case Access.Block block -> publishBlock(volumeId, stagingPlace, target, ro);
      }
    }
    log.info("published {} at {}{}", volumeId, target.path(), ro ? " (read-only)" : "");
  }

  /**
   * Undoes {@link #publish}: unmounts the target, removes what publish made there, and lets go of a
   * device that nothing uses any more.
   */
  public void unpublish(String volumeId, RequestPath target) throws IOException {
    Optional<Place> existing = paths.existingPlace(target);
    if (existing.isEmpty()) {
      return;
    }
    List<LoopDevice> shown;
    try (Place place = existing.get()) {
      shown = devices.unmountAll(volumeId, place);
      if (!place.removeIfPresent(PathHandle.FileKind.DIRECTORY, PathHandle.FileKind.REGULAR_FILE)) {
        // Not ours to delete; the volume is unpublished all the same.
        log.warn("{} is not mounted but holds files; leaving it in place", place.path());
      }
    }
    // The staged device stays while its staging mount uses it; a read-only device made for this
    // target, or a device whose volume was unstaged first, goes.
    for (LoopDevice device : shown) {
      devices.releaseIfUnused(device);
    }
  }

  private void publishFilesystem(
      String volumeId, Place stagingPlace, RequestPath target, Access.Filesystem fs, boolean ro)
      throws IOException {
    Mount staged = staged(volumeId, stagingPlace.mount(), stagingPlace);
    try (Place targetPlace = paths.placeMakingDirectories(target)) {
      Optional<Mount> existing = targetPlace.mount();
      if (existing.isPresent()) {
        requireSamePublish(volumeId, targetPlace, existing.get(), staged, ro);
        return;
      }
      Set<MountFlag> flags = fs.options().perMountFlags();
      if (ro) {
        flags.add(MountFlag.READ_ONLY);
      }
      try (PathHandle source = opened(stagingPlace, volumeId);
          PathHandle directory = targetPlace.directoryMadeIfAbsent()) {
        system.bind(source, directory, targetPlace.directory(), targetPlace.name(), flags);
      }
    }
  }

  private void publishBlock(String volumeId, Place stagingPlace, RequestPath target, boolean ro)
      throws IOException {
    PathHandle stagingDirectory =
        stagingPlace.existingDirectory().orElseThrow(() -> notStaged(volumeId, stagingPlace.path()));
    LoopDevice device;
    try (stagingDirectory;
        Place marker = stagingPlace.child(stagingDirectory, volumeId)) {
      Mount staged = staged(volumeId, marker.mount(), stagingPlace);
      device =
          devices
              .behind(staged)
              .orElseThrow(
                  () ->
                      new NodeFailure.WrongState(
                          "the loop device of volume "
                              + volumeId
                              + " is detached; unstage and stage again"));
    }
    // Checked before every use: a device that is not this node's device of the volume is never
    // handed to a pod, and it stays held open while it serves one.
    devices.holdForBlock(device, volumeId);
    try (Place targetPlace = paths.placeMakingDirectories(target)) {
      Optional<Mount> existing = targetPlace.mount();
      if (existing.isPresent()) {
        requireSameBlockPublish(volumeId, targetPlace, existing.get(), ro);
        return;
      }
      LoopDevice source =
          ro ? devices.attach(volumeId, device.backingFile(), true).device() : device;
      try {
        devices.holdForBlock(source, volumeId);
        bindDeviceNode(source, targetPlace);
      } catch (IOException | RuntimeException e) {
        try {
          devices.releaseUnused(volumeId);
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }
  }

  private void bindDeviceNode(LoopDevice device, Place targetPlace) throws IOException {
    try (PathHandle file = targetPlace.fileMadeIfAbsent();
        PathHandle node = system.open(Path.of(device.path()))) {
      system.bind(
          node, file, targetPlace.directory(), targetPlace.name(), EnumSet.noneOf(MountFlag.class));
    }
  }

  private Mount staged(String volumeId, Optional<Mount> mount, Place stagingPlace)
      throws IOException {
    if (mount.isEmpty() || !devices.shows(mount.get(), volumeId)) {
      throw notStaged(volumeId, stagingPlace.path());
    }
    return mount.get();
  }

  private static PathHandle opened(Place place, String volumeId) throws IOException {
    return place.openIfPresent().orElseThrow(() -> notStaged(volumeId, place.path()));
  }

  private static NodeFailure notStaged(String volumeId, Path staging) {
    return new NodeFailure.WrongState(
        "volume "
            + volumeId
            + " is not staged at "
            + staging
            + " with this access type; call NodeStageVolume first");
  }

  /** Returns when the target already shows the staged file system the same way. */
  private void requireSamePublish(
      String volumeId, Place targetPlace, Mount target, Mount staged, boolean ro)
      throws IOException {
    boolean sameSource =
        target.major() == staged.major()
            && target.minor() == staged.minor()
            && target.root().equals(staged.root())
            && devices.shows(target, volumeId);
    if (!sameSource) {
      throw new NodeFailure.Conflict(
          targetPlace.path() + " is already mounted from " + target.source()
              + ", not from volume " + volumeId);
    }
    if (target.readOnly() != ro) {
      throw alreadyPublished(volumeId, targetPlace, target.readOnly());
    }
  }

  /** Returns when the target already binds a device of this volume as asked. */
  private void requireSameBlockPublish(
      String volumeId, Place targetPlace, Mount existing, boolean ro) throws IOException {
    Optional<LoopDevice> device = devices.behind(existing);
    if (device.isEmpty() || !VolumeDevices.holds(device.get(), volumeId)) {
      throw new NodeFailure.Conflict(
          targetPlace.path() + " is already mounted from " + existing.source()
              + ", not from volume " + volumeId);
    }
    if (device.get().readOnly() != ro) {
      throw alreadyPublished(volumeId, targetPlace, device.get().readOnly());
    }
  }

  private static NodeFailure alreadyPublished(String volumeId, Place place, boolean readOnly) {
    return new NodeFailure.Conflict(
        "volume " + volumeId + " is already published at " + place.path() + " "
            + (readOnly ? "read-only" : "read-write"));
  }
}
