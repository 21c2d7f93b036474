package dev.simebs.controller.volumes;

import csi.v1.VolumeContentSource;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.parameters.Invalid;
import dev.simebs.controller.requests.Required;
import io.grpc.Status;
import java.util.Optional;

/**
 * What a new volume's data comes from: nothing, a snapshot, or another volume (a clone, which
 * must stay in its source's zone).
 *
 * @param sizeGiB the source's size, 0 without a source
 */
public record ContentSource(String snapshotId, String volumeId, long sizeGiB, Optional<String> fixedZone) {

  public static final ContentSource NONE = new ContentSource("", "", 0, Optional.empty());

  /** Looks the request's source up; a source that does not exist is NOT_FOUND. */
  public static ContentSource resolve(VolumeContentSource source, Cloud cloud) {
    return switch (source.getTypeCase()) {
      case TYPE_NOT_SET -> NONE;
      case SNAPSHOT -> {
        String id =
            Required.snapshotId(source.getSnapshot().getSnapshotId(), "volume_content_source.snapshot.snapshot_id");
        Snapshot snapshot =
            cloud.findSnapshot(id)
                .orElseThrow(() -> Rpc.fail(Status.Code.NOT_FOUND, "source snapshot %s does not exist", id));
        if (snapshot.getState() == SnapshotState.SNAPSHOT_ERROR) {
          throw Invalid.argument("source snapshot %s failed and cannot be restored", id);
        }
        yield new ContentSource(id, "", snapshot.getVolumeSizeGib(), Optional.empty());
      }
      case VOLUME -> {
        String id = Required.volumeId(source.getVolume().getVolumeId(), "volume_content_source.volume.volume_id");
        Volume volume =
            cloud.findVolume(id)
                .orElseThrow(() -> Rpc.fail(Status.Code.NOT_FOUND, "source volume %s does not exist", id));
        yield new ContentSource("", id, volume.getSizeGib(), Optional.of(volume.getZone()).filter(z -> !z.isEmpty()));
      }
    };
  }

  /** A short description for fingerprints and messages. */
  public String describe() {
    return !snapshotId.isEmpty() ? "snapshot:" + snapshotId : !volumeId.isEmpty() ? "volume:" + volumeId : "none";
  }
}
