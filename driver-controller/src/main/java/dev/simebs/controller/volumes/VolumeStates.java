package dev.simebs.controller.volumes;

import dev.simebs.backend.api.Volume;
import dev.simebs.common.backend.Poller;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.controller.backend.Cloud;

/** Waits for a new volume to leave CREATING. */
public final class VolumeStates {

  private final Cloud cloud;
  private final Poller poller;

  public VolumeStates(Cloud cloud, Poller poller) {
    this.cloud = cloud;
    this.poller = poller;
  }

  /** The volume once it is available (or already in use); a failed creation is INTERNAL. */
  public Volume awaitAvailable(Volume volume) {
    if (isReady(volume)) {
      return volume;
    }
    String id = volume.getVolumeId();
    return poller.until(
        "volume " + id + " to become available",
        () ->
            cloud.findVolume(id)
                .orElseThrow(() -> ControllerRefusal.busy("volume %s disappeared while being created", id)),
        VolumeStates::isReady);
  }

  private static boolean isReady(Volume volume) {
    return switch (volume.getState()) {
      case AVAILABLE, IN_USE -> true;
      case CREATING, VOLUME_STATE_UNSPECIFIED -> false;
      case ERROR -> throw ControllerRefusal.cloudFailed(
          "the backend failed to create volume %s (%s); delete it and retry",
          volume.getVolumeId(), volume.getStatusMessage());
      case DELETING -> throw ControllerRefusal.busy(
          "volume %s is being deleted", volume.getVolumeId());
      case UNRECOGNIZED -> throw ControllerRefusal.cloudFailed(
          "volume %s is in an unknown state", volume.getVolumeId());
    };
  }
}
