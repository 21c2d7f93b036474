package dev.simebs.controller.snapshots;

import csi.v1.GetSnapshotRequest;
import csi.v1.GetSnapshotResponse;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.paging.Pages;
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
    List<Snapshot> matching = matching(request.getSnapshotId(), request.getSourceVolumeId());
    Pages.Page<Snapshot> page =
        Pages.page(
            matching, Snapshot::getSnapshotId, ResourceIds.SNAPSHOT, request.getStartingToken(), request.getMaxEntries());
    ListSnapshotsResponse.Builder response = ListSnapshotsResponse.newBuilder().setNextToken(page.nextToken());
    page.items()
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

  /** The listed snapshots a filter selects; an ID that cannot exist selects none. */
  private List<Snapshot> matching(String snapshotId, String sourceVolumeId) {
    List<Snapshot> candidates;
    if (!snapshotId.isEmpty()) {
      candidates =
          ResourceIds.SNAPSHOT.isValid(snapshotId) ? cloud.findSnapshot(snapshotId).stream().toList() : List.of();
    } else if (!sourceVolumeId.isEmpty()) {
      candidates = ResourceIds.VOLUME.isValid(sourceVolumeId) ? cloud.snapshotsOf(sourceVolumeId) : List.of();
    } else {
      candidates = cloud.allSnapshots();
    }
    return candidates.stream()
        .filter(CsiSnapshots::isListed)
        .filter(s -> sourceVolumeId.isEmpty() || s.getVolumeId().equals(sourceVolumeId))
        .toList();
  }
}
