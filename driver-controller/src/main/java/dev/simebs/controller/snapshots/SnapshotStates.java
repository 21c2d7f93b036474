package dev.simebs.controller.snapshots;

import dev.simebs.backend.api.Snapshot;
import dev.simebs.common.backend.Poller;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.controller.backend.Cloud;

/**
 * Waits for a snapshot to be completed before a volume is restored from it. The backend copies a
 * snapshot in the background and restores only completed ones; the external-provisioner waits
 * for ready_to_use itself, other callers (csi-sanity) may not, so the controller waits for as long
 * as the caller does, and a repeat picks up where it left off.
 */
public final class SnapshotStates {

  private final Cloud cloud;
  private final Poller poller;

  public SnapshotStates(Cloud cloud, Poller poller) {
    this.cloud = cloud;
    this.poller = poller;
  }

  /** The snapshot once completed; one that does not exist or failed is MISSING. */
  public Snapshot awaitCompleted(String snapshotId) {
    return poller.until(
        "snapshot " + snapshotId + " to be completed",
        () -> cloud.findSnapshot(snapshotId)
            .orElseThrow(() -> ControllerRefusal.missing(
                "source snapshot %s does not exist", snapshotId)),
        SnapshotStates::isCompleted);
  }

  private static boolean isCompleted(Snapshot snapshot) {
    return switch (snapshot.getState()) {
      case COMPLETED -> true;
      case PENDING, SNAPSHOT_STATE_UNSPECIFIED -> false;
      case SNAPSHOT_ERROR, UNRECOGNIZED -> throw ControllerRefusal.missing(
          "source snapshot %s failed (%s); there is nothing to restore",
          snapshot.getSnapshotId(), snapshot.getStatusMessage());
    };
  }
}
