package dev.simebs.controller.snapshots;

import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.controller.volumes.Sizes;

/** Backend snapshots in CSI's terms. */
public final class CsiSnapshots {

  private CsiSnapshots() {}

  /** Ready once the backend completed it; until then the snapshotter polls. */
  public static csi.v1.Snapshot toCsi(Snapshot snapshot) {
    return csi.v1.Snapshot.newBuilder()
        .setSnapshotId(snapshot.getSnapshotId())
        .setSourceVolumeId(snapshot.getVolumeId())
        .setSizeBytes(Sizes.bytes(snapshot.getVolumeSizeGib()))
        .setCreationTime(snapshot.getStartTime())
        .setReadyToUse(snapshot.getState() == SnapshotState.COMPLETED)
        .build();
  }

  /** Failed snapshots were never cut; the spec keeps them out of listings. */
  public static boolean isListed(Snapshot snapshot) {
    return snapshot.getState() != SnapshotState.SNAPSHOT_ERROR;
  }
}
