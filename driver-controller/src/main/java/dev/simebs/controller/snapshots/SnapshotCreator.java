package dev.simebs.controller.snapshots;

import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Tag;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.controller.backend.ClientTokens;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.backend.DriverTags;
import dev.simebs.controller.parameters.SnapshotParameters;
import dev.simebs.controller.requests.ExistingIds;
import dev.simebs.controller.requests.Required;
import java.util.List;

/**
 * CreateSnapshot: idempotent by name through the backend's token. It returns as soon as the
 * backend has cut the snapshot; ready_to_use stays false while the backend copies it, and the
 * snapshotter repeats the call (or lists) until it turns true.
 */
public final class SnapshotCreator {

  private final Cloud cloud;
  private final ControllerInFlight inFlight;

  public SnapshotCreator(Cloud cloud, ControllerInFlight inFlight) {
    this.cloud = cloud;
    this.inFlight = inFlight;
  }

  public CreateSnapshotResponse create(CreateSnapshotRequest request) {
    String name = Required.text(request.getName(), "name");
    String sourceVolumeId = Required.text(request.getSourceVolumeId(), "source_volume_id");
    List<Tag> tags = SnapshotParameters.tags(request.getParametersMap());

    ExistingIds.volume(sourceVolumeId);
    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.SnapshotName(name))) {
      Snapshot snapshot = createOrFind(name, sourceVolumeId, tags);
      if (snapshot.getState() == SnapshotState.SNAPSHOT_ERROR) {
        throw ControllerRefusal.cloudFailed(
            "the backend failed snapshot %s (%s); delete it and retry",
            snapshot.getSnapshotId(), snapshot.getStatusMessage());
      }
      return CreateSnapshotResponse.newBuilder().setSnapshot(CsiSnapshots.toCsi(snapshot)).build();
    }
  }

  /**
   * Creates the snapshot, or finds the one an earlier attempt made: the backend answers the very
   * same request with the same snapshot; a repeat that differs is looked up by its token, and is
   * the same snapshot when it has the same source volume.
   */
  private Snapshot createOrFind(String name, String sourceVolumeId, List<Tag> tags) {
    String token = ClientTokens.forSnapshot(name);
    try {
      return cloud.createSnapshot(backendRequest(token, name, sourceVolumeId, tags));
    } catch (BackendFailure failure) {
      if (!failure.is(ErrorReason.IDEMPOTENT_PARAMETER_MISMATCH)) {
        throw failure;
      }
      return cloud.findSnapshotByClientToken(token)
          .map(existing -> requireSameSource(existing, name, sourceVolumeId))
          .orElseThrow(() -> failure);
    }
  }

  private static dev.simebs.backend.api.CreateSnapshotRequest backendRequest(
      String token, String name, String sourceVolumeId, List<Tag> tags) {
    return dev.simebs.backend.api.CreateSnapshotRequest.newBuilder()
        .setClientToken(token)
        .setVolumeId(sourceVolumeId)
        .addTags(DriverTags.tag(DriverTags.SNAPSHOT_NAME, name))
        .addAllTags(tags)
        .setDescription("CSI snapshot " + name)
        .build();
  }

  private static Snapshot requireSameSource(Snapshot existing, String name, String sourceVolumeId) {
    if (!existing.getVolumeId().equals(sourceVolumeId)) {
      throw ControllerRefusal.conflict(
          "snapshot \"%s\" already exists as %s of volume %s, not of %s",
          name, existing.getSnapshotId(), existing.getVolumeId(), sourceVolumeId);
    }
    return existing;
  }
}
