package dev.simebs.controller.snapshots;

import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteSnapshotResponse;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.requests.Required;

/** DeleteSnapshot: idempotent, so a snapshot that does not exist (or cannot) is already deleted. */
public final class SnapshotDeleter {

  private final Cloud cloud;
  private final ControllerInFlight inFlight;

  public SnapshotDeleter(Cloud cloud, ControllerInFlight inFlight) {
    this.cloud = cloud;
    this.inFlight = inFlight;
  }

  public DeleteSnapshotResponse delete(DeleteSnapshotRequest request) {
    String snapshotId = Required.text(request.getSnapshotId(), "snapshot_id");
    if (ResourceIds.SNAPSHOT.isValid(snapshotId)) {
      try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Snapshot(snapshotId))) {
        cloud.deleteSnapshot(snapshotId);
      }
    }
    return DeleteSnapshotResponse.getDefaultInstance();
  }
}
