package dev.simebs.node.volume;

import dev.simebs.common.paths.RequestPath;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.node.failure.NodeFailure;
import dev.simebs.node.path.Place;
import dev.simebs.node.path.SafePaths;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds a volume at a path where this node staged or published it, for NodeGetVolumeStats and
 * NodeExpandVolume: the path must be the root of a mount (or, for a block volume's staging
 * directory, hold one at {@code <volume_id>}) that shows or binds the volume's loop device. Any
 * other path, including one that cannot be opened safely, does not hold the volume: NOT_FOUND.
 */
public final class VolumeLocator {

  /**
   * Where the volume was found.
   *
   * @param place the mount point
   * @param mount the mount there
   * @param device the volume's loop device; empty when a device node bound there was detached
   *     behind the node's back
   * @param block true when the mount binds the device node (raw block access)
   */
  public record Located(Place place, Mount mount, Optional<LoopDevice> device, boolean block)
      implements AutoCloseable {

    /** What the mount shows, opened for a call that needs a handle (e.g. statvfs). */
    public PathHandle open() throws IOException {
      return place
          .openIfPresent()
          .orElseThrow(() -> new NodeFailure.VolumeNotFound(place.path() + " vanished"));
    }

    @Override
    public void close() {
      place.close();
    }
  }

  private final VolumeDevices devices;
  private final SafePaths paths;

  public VolumeLocator(VolumeDevices devices, SafePaths paths) {
    this.devices = devices;
    this.paths = paths;
  }

  /**
   * The volume at {@code path}.
   *
   * @throws NodeFailure.VolumeNotFound when it is not there
   */
  public Located locate(String volumeId, RequestPath path) throws IOException {
    Place place;
    Optional<Mount> mount;
    try {
      place = paths.place(path);
    } catch (NodeFailure.UnusablePath e) {
      throw new NodeFailure.VolumeNotFound(
          "volume " + volumeId + " cannot be at " + e.getMessage());
    }
    try {
      mount = place.mount();
      if (mount.isEmpty()) {
        Optional<Place> marker = blockMarker(place, volumeId);
        if (marker.isPresent()) {
          place.close();
          place = marker.get();
          mount = place.mount();
        }
      }
      if (mount.isEmpty()) {
        throw notHere(volumeId, place);
      }
      boolean block = VolumeDevices.deviceNodeNumber(mount.get()).isPresent();
      Optional<LoopDevice> device = devices.behind(mount.get());
      if (device.isPresent() ? !VolumeDevices.holds(device.get(), volumeId) : !block) {
        throw new NodeFailure.VolumeNotFound(
            place.path() + " is mounted from " + mount.get().source() + ", not from volume "
                + volumeId);
      }
      return new Located(place, mount.get(), device, block);
    } catch (NodeFailure.UnusablePath e) {
      place.close();
      throw new NodeFailure.VolumeNotFound(
          "volume " + volumeId + " cannot be at " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      place.close();
      throw e;
    }
  }

  /**
   * The place {@code <dir>/<volume_id>} when {@code place} is a directory holding a mount there
   * (a block volume's staging directory). It owns its own handle of the directory.
   */
  private Optional<Place> blockMarker(Place place, String volumeId) throws IOException {
    RequestPath inside =
        new RequestPath(place.field(), place.path().resolve(volumeId).toString(),
            place.path().resolve(volumeId));
    Optional<PathHandle> directory = place.existingDirectory();
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    directory.get().close();
    Place marker = paths.place(inside);
    if (marker.mount().isEmpty()) {
      marker.close();
      return Optional.empty();
    }
    return Optional.of(marker);
  }

  private NodeFailure notHere(String volumeId, Place place) throws IOException {
    String hint =
        devices.of(volumeId).isPresent()
            ? " (its device is in use elsewhere on this node; was this mount removed behind"
                + " kubelet's back?)"
            : "";
    return new NodeFailure.VolumeNotFound(
        "volume " + volumeId + " is not mounted at " + place.path() + hint);
  }
}
