package dev.simebs.controller.snapshots;

import csi.v1.GetSnapshotRequest;
import csi.v1.GetSnapshotResponse;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.paging.Pages;
import dev.simebs.controller.parameters.Invalid;
import dev.simebs.controller.requests.Required;
import io.grpc.Status;
import java.util.List;

/** ListSnapshots (all, by ID, by source volume; paged) and GetSnapshot. */
public final class SnapshotInspector {

  private final Cloud cloud;

  public SnapshotInspector(Cloud cloud) {
    this.cloud = cloud;
  }

  public ListSnapshotsResponse list(ListSnapshotsRequest request) {
    if (!request.getSnapshotId().isEmpty()) {
      return one(request);
    }
    if (request.getMaxEntries() < 0) {
      throw Invalid.argument("max_entries must not be negative, got %d", request.getMaxEntries());
    }
    String volumeId = request.getSourceVolumeId();
    if (!volumeId.isEmpty() && !ResourceIds.VOLUME.isValid(volumeId)) {
      return ListSnapshotsResponse.getDefaultInstance();
    }
    Cloud.SnapshotPage page;
    try {
      page = cloud.snapshotPage(volumeId, request.getStartingToken(), request.getMaxEntries());
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.INVALID_PARAMETER_VALUE)) {
        throw Rpc.fail(
            Status.Code.ABORTED,
            "starting_token \"%s\" is not valid; start again without one",
            request.getStartingToken());
      }
      throw failure;
    }
    return response(page.snapshots(), page.nextToken());
  }

  /** ListSnapshots for one snapshot ID: that snapshot, or nothing. */
  private ListSnapshotsResponse one(ListSnapshotsRequest request) {
    List<Snapshot> matching = matching(request.getSnapshotId(), request.getSourceVolumeId());
    Pages.Page<Snapshot> page =
        Pages.page(
            matching, Snapshot::getSnapshotId, ResourceIds.SNAPSHOT, request.getStartingToken(), request.getMaxEntries());
    return response(page.items(), page.nextToken());
  }

  private static ListSnapshotsResponse response(List<Snapshot> snapshots, String nextToken) {
    ListSnapshotsResponse.Builder response = ListSnapshotsResponse.newBuilder().setNextToken(nextToken);
    snapshots.stream()
        .filter(CsiSnapshots::isListed)
        .forEach(s -> response.addEntries(ListSnapshotsResponse.Entry.newBuilder().setSnapshot(CsiSnapshots.toCsi(s))));
    return response.build();
  }

  public GetSnapshotResponse get(GetSnapshotRequest request) {
    String snapshotId = Required.snapshotId(request.getSnapshotId(), "snapshot_id");
    Snapshot snapshot =
        cloud.findSnapshot(snapshotId)
            .filter(CsiSnapshots::isListed)
            .orElseThrow(() -> Rpc.fail(Status.Code.NOT_FOUND, "snapshot %s does not exist", snapshotId));
    return GetSnapshotResponse.newBuilder().setSnapshot(CsiSnapshots.toCsi(snapshot)).build();
  }

  /** The listed snapshot with this ID, if it matches the source filter; a bad ID matches none. */
  private List<Snapshot> matching(String snapshotId, String sourceVolumeId) {
    List<Snapshot> candidates =
        ResourceIds.SNAPSHOT.isValid(snapshotId) ? cloud.findSnapshot(snapshotId).stream().toList() : List.of();
    return candidates.stream()
        .filter(CsiSnapshots::isListed)
        .filter(s -> sourceVolumeId.isEmpty() || s.getVolumeId().equals(sourceVolumeId))
        .toList();
  }
}
