package dev.simebs.controller.volumes;

import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.common.backend.Poller;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.controller.backend.Cloud;
import java.util.Optional;

/**
 * Runs a backend ModifyVolume to the point where the new size, type and performance apply
 * (the modification leaves MODIFYING; OPTIMIZING already serves the new values), and joins a
 * modification still running from an earlier attempt instead of starting a second one.
 */
public final class Modifications {

  private final Cloud cloud;
  private final Poller poller;

  public Modifications(Cloud cloud, Poller poller) {
    this.cloud = cloud;
    this.poller = poller;
  }

  /** The modification of a volume that is still MODIFYING, if any. */
  public Optional<VolumeModification> running(String volumeId) {
    return cloud.findModification(volumeId).filter(m -> m.getState() == ModificationState.MODIFYING);
  }

  /** Starts {@code request} and waits until it applies. */
  public VolumeModification apply(ModifyVolumeRequest request) {
    VolumeModification started = cloud.modifyVolume(request);
    return awaitApplied(started);
  }

  /** Waits until {@code modification} applies; a failed one is INTERNAL with the backend's reason. */
  public VolumeModification awaitApplied(VolumeModification modification) {
    String volumeId = modification.getVolumeId();
    if (isApplied(modification)) {
      return modification;
    }
    return poller.until(
        "the modification of volume " + volumeId + " to apply",
        () -> cloud.findModification(volumeId).orElse(modification),
        Modifications::isApplied);
  }

  private static boolean isApplied(VolumeModification modification) {
    return switch (modification.getState()) {
      case OPTIMIZING, MODIFICATION_COMPLETED -> true;
      case MODIFYING, MODIFICATION_STATE_UNSPECIFIED -> false;
      case MODIFICATION_FAILED, UNRECOGNIZED -> throw ControllerRefusal.cloudFailed(
          "the backend failed to modify volume %s: %s",
          modification.getVolumeId(),
          modification.getStatusMessage());
    };
  }
}
