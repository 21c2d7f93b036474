package dev.simebs.backend.model;

import static dev.simebs.backend.api.ErrorReason.SNAPSHOT_NOT_FOUND;
import static dev.simebs.backend.api.ErrorReason.VOLUME_NOT_FOUND;

import dev.simebs.backend.api.BackendErrors;

/** The errors for an unknown volume or snapshot, which every service answers alike. */
public final class NotFound {

  private NotFound() {}

  public static RuntimeException volume(String volumeId) {
    return BackendErrors.error(VOLUME_NOT_FOUND,
        "volume %s does not exist".formatted(volumeId), volumeId);
  }

  public static RuntimeException snapshot(String snapshotId) {
    return BackendErrors.error(SNAPSHOT_NOT_FOUND,
        "snapshot %s does not exist".formatted(snapshotId), snapshotId);
  }
}
