package dev.simebs.controller.snapshots;

import csi.v1.GetSnapshotRequest;
import csi.v1.GetSnapshotResponse;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.paging.ListingPages;
import dev.simebs.controller.paging.Pages;
import dev.simebs.controller.requests.ExistingIds;
import dev.simebs.controller.requests.Required;
import java.util.List;
import java.util.Optional;

/** ListSnapshots (all, by ID, by source volume; paged) and GetSnapshot. */
public final class SnapshotInspector {

  private final Cloud cloud;

  public SnapshotInspector(Cloud cloud) {
    this.cloud = cloud;
  }

  public ListSnapshotsResponse list(ListSnapshotsRequest request) {
    int maxEntries = Required.maxEntries(request.getMaxEntries());

    if (!request.getSnapshotId().isEmpty()) {
      return one(request, maxEntries);
    }
    String volumeId = request.getSourceVolumeId();
    if (!volumeId.isEmpty() && !ResourceIds.VOLUME.isValid(volumeId)) {
      return ListSnapshotsResponse.getDefaultInstance();
    }
    Pages.Page<ListSnapshotsResponse.Entry> page =
        ListingPages.fill(
            (token, max) -> {
              Cloud.SnapshotPage snapshots = cloud.snapshotPage(volumeId, token, max);
              return new Pages.Page<>(snapshots.snapshots(), snapshots.nextToken());
            },
            SnapshotInspector::entry,
            request.getStartingToken(),
            maxEntries);
    return ListSnapshotsResponse.newBuilder().addAllEntries(page.items()).setNextToken(page.nextToken()).build();
  }

  /** ListSnapshots for one snapshot ID: that snapshot, or nothing. */
  private ListSnapshotsResponse one(ListSnapshotsRequest request, int maxEntries) {
    List<Snapshot> matching = matching(request.getSnapshotId(), request.getSourceVolumeId());
    Pages.Page<Snapshot> page =
        Pages.page(matching, Snapshot::getSnapshotId, ResourceIds.SNAPSHOT, request.getStartingToken(), maxEntries);
    ListSnapshotsResponse.Builder response = ListSnapshotsResponse.newBuilder().setNextToken(page.nextToken());
    page.items().forEach(s -> entry(s).ifPresent(response::addEntries));
    return response.build();
  }

  /** A listed snapshot; a failed one was never cut, and the spec keeps it out. */
  private static Optional<ListSnapshotsResponse.Entry> entry(Snapshot snapshot) {
    return Optional.of(snapshot)
        .filter(CsiSnapshots::isListed)
        .map(s -> ListSnapshotsResponse.Entry.newBuilder().setSnapshot(CsiSnapshots.toCsi(s)).build());
  }

  public GetSnapshotResponse get(GetSnapshotRequest request) {
    String snapshotId = Required.text(request.getSnapshotId(), "snapshot_id");

    Snapshot snapshot =
        cloud.findSnapshot(ExistingIds.snapshot(snapshotId))
            .filter(CsiSnapshots::isListed)
            .orElseThrow(() -> ControllerRefusal.missing("snapshot %s does not exist", snapshotId));
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
