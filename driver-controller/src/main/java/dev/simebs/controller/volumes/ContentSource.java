package dev.simebs.controller.volumes;

import csi.v1.VolumeContentSource;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.Volume;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.requests.ExistingIds;
import dev.simebs.controller.requests.Required;
import dev.simebs.controller.snapshots.SnapshotStates;
import java.util.Optional;

/**
 * What a new volume's data comes from: nothing, a snapshot, or another volume (a clone, which
 * must stay in its source's zone).
 *
 * @param sizeGiB the source's size, 0 without a source
 */
public record ContentSource(String snapshotId, String volumeId, long sizeGiB, Optional<String> fixedZone) {

  public static final ContentSource NONE = new ContentSource("", "", 0, Optional.empty());

  /** The source a request names, checked for form but not yet looked up. */
  public sealed interface Requested {
    /** No source: a blank volume. */
    record None() implements Requested {}

    record FromSnapshot(String snapshotId) implements Requested {}

    record FromVolume(String volumeId) implements Requested {}
  }

  /** Validation: a source of either kind needs its ID. */
  public static Requested read(VolumeContentSource source) {
    return switch (source.getTypeCase()) {
      case TYPE_NOT_SET -> new Requested.None();
      case SNAPSHOT ->
          new Requested.FromSnapshot(
              Required.text(source.getSnapshot().getSnapshotId(), "volume_content_source.snapshot.snapshot_id"));
      case VOLUME ->
          new Requested.FromVolume(
              Required.text(source.getVolume().getVolumeId(), "volume_content_source.volume.volume_id"));
    };
  }

  /**
   * Looks the source up; one that does not exist (or failed, for a snapshot) is NOT_FOUND. A
   * snapshot still being copied is waited for.
   */
  public static ContentSource resolve(Requested requested, Cloud cloud, SnapshotStates snapshots) {
    return switch (requested) {
      case Requested.None() -> NONE;
      case Requested.FromSnapshot(String snapshotId) -> {
        Snapshot snapshot = snapshots.awaitCompleted(ExistingIds.snapshot(snapshotId));
        yield new ContentSource(
            snapshot.getSnapshotId(), "", snapshot.getVolumeSizeGib(), Optional.empty());
      }
      case Requested.FromVolume(String volumeId) -> {
        String id = ExistingIds.volume(volumeId);
        Volume volume =
            cloud.findVolume(id).orElseThrow(() -> ControllerRefusal.missing("source volume %s does not exist", id));
        yield new ContentSource("", id, volume.getSizeGib(), Optional.of(volume.getZone()).filter(z -> !z.isEmpty()));
      }
    };
  }

  /** A short description for fingerprints and messages. */
  public String describe() {
    return !snapshotId.isEmpty() ? "snapshot:" + snapshotId : !volumeId.isEmpty() ? "volume:" + volumeId : "none";
  }
}
