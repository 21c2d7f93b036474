package dev.simebs.backend.quarantine;

import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.QuarantinedFile;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.RestoreQuarantinedResponse;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.backend.api.Zone;
import dev.simebs.backend.attachments.AttachmentRows;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.files.NativeFiles;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.model.Views;
import dev.simebs.backend.snapshots.SnapshotRows;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.volumes.VolumeRows;
import dev.simebs.backend.volumes.VolumeTypes;
import dev.simebs.backend.zones.ZoneChoice;
import dev.simebs.backend.zones.ZoneRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's way out of quarantine: list what is there, put an image back, or purge it. An image
 * goes back to the volume or snapshot its name carries: to its row when that row is in error
 * because its image was missing (a database restored from backup, a file moved by hand), or as a
 * new row with that ID ("adopted") when no row has it. The file is moved first and the row
 * committed after; a failed commit moves the file back.
 */
public final class QuarantineAdmin {

  private static final Logger log = LoggerFactory.getLogger(QuarantineAdmin.class);
  static final String ADOPTED_VOLUME =
      "adopted from quarantine: type gp3 and the zone are assumed, not the original's";
  static final String ADOPTED_SNAPSHOT =
      "adopted from quarantine: its volume and its instant are unknown";

  private final Database db;
  private final DataDir dataDir;
  private final Views views;
  private final Quarantine quarantine;
  private final ImageFiles files;
  private final NativeFiles nativeFiles;
  private final Clock clock;

  public QuarantineAdmin(Database db, DataDir dataDir, Views views, Quarantine quarantine,
      ImageFiles files, NativeFiles nativeFiles, Clock clock) {
    this.db = db;
    this.dataDir = dataDir;
    this.views = views;
    this.quarantine = quarantine;
    this.files = files;
    this.nativeFiles = nativeFiles;
    this.clock = clock;
  }

  public List<QuarantinedFile> list() throws IOException {
    return quarantine.list();
  }

  public void purge(String name) throws IOException {
    quarantine.file(name);
    quarantine.purge(name);
    log.warn("purged {} from quarantine", name);
  }

  /** Puts the quarantined image {@code name} back; {@code zone} is for an adopted volume. */
  public RestoreQuarantinedResponse restore(String name, String zone) throws IOException {
    Path file = quarantine.file(name);
    String id = Quarantine.resourceId(name).orElseThrow(() -> BackendErrors.error(
        INVALID_PARAMETER_VALUE,
        "name: '%s' is not a volume or snapshot image; only those can be restored".formatted(name)));
    Path target = dataDir.imageFile(id);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw BackendErrors.error(INCORRECT_STATE,
          "%s has an image already; purge the quarantined one or move it by hand".formatted(id),
          id);
    }
    long bytes = Files.size(file);
    long sizeGib = Math.max(1, Math.ceilDiv(bytes, ImageFiles.GIB));
    boolean volume = ResourceIds.VOLUME.isValid(id);
    quarantine.release(name, target);
    RestoreQuarantinedResponse response;
    try {
      long allocated = nativeFiles.allocatedBytes(target);
      response = db.write(c -> volume
          ? RestoreQuarantinedResponse.newBuilder().setVolume(reclaimVolume(c, id, sizeGib, zone))
              .build()
          : RestoreQuarantinedResponse.newBuilder()
              .setSnapshot(reclaimSnapshot(c, id, sizeGib, allocated)).build(),
          target.getParent());
    } catch (RuntimeException e) {
      quarantine.take(target, volume ? "volumes" : "snapshots");
      throw e;
    }
    if (volume) {
      files.grow(target, response.getVolume().getSizeGib());
    }
    log.warn("restored {} from quarantine as {}", name, id);
    return volume
        ? response.toBuilder().setVolume(views.volume(response.getVolume(),
            db.read(c -> AttachmentRows.ofVolume(c, id)))).build()
        : response;
  }

  private Volume reclaimVolume(Connection c, String id, long sizeGib, String zoneName)
      throws SQLException {
    Optional<VolumeRows.Stored> stored = VolumeRows.find(c, id);
    if (stored.isPresent()) {
      Volume volume = stored.get().volume();
      if (volume.getState() != VolumeState.ERROR) {
        throw BackendErrors.error(INCORRECT_STATE,
            "volume %s is %s, not in error; its image is not missing".formatted(
                id, volume.getState()), id);
      }
      boolean attached = !AttachmentRows.ofVolume(c, id).isEmpty();
      Volume healed = volume.toBuilder()
          .setState(attached ? VolumeState.IN_USE : VolumeState.AVAILABLE)
          .clearStatusMessage()
          .build();
      VolumeRows.update(c, healed, 0);
      return healed;
    }
    VolumeTypes.checkSize(VolumeType.GP3, sizeGib);
    Zone zone = ZoneChoice.pick(c, zoneName, sizeGib);
    VolumeTypes.Performance performance = VolumeTypes.performance(
        VolumeType.GP3, sizeGib, OptionalInt.empty(), OptionalInt.empty());
    Volume adopted = Volume.newBuilder()
        .setVolumeId(id)
        .setSizeGib(sizeGib)
        .setType(VolumeType.GP3)
        .setIops(performance.iops())
        .setThroughputMibps(performance.throughputMibps())
        .setZone(zone.getName())
        .setState(VolumeState.AVAILABLE)
        .setCreateTime(Timestamps.ofMillis(clock.millis()))
        .setStatusMessage(ADOPTED_VOLUME)
        .build();
    // Its history is unknown: treat it as written, so it is never recreated blank.
    VolumeRows.insert(c, adopted, null, null, 0, true);
    ZoneRows.addUsed(c, zone.getName(), sizeGib);
    return adopted;
  }

  private Snapshot reclaimSnapshot(Connection c, String id, long sizeGib, long allocated)
      throws SQLException {
    Optional<SnapshotRows.Stored> stored = SnapshotRows.find(c, id);
    if (stored.isPresent()) {
      Snapshot snapshot = stored.get().snapshot();
      if (snapshot.getState() != SnapshotState.SNAPSHOT_ERROR) {
        throw BackendErrors.error(INCORRECT_STATE,
            "snapshot %s is %s, not in error; its image is not missing".formatted(
                id, snapshot.getState()), id);
      }
      Snapshot healed = snapshot.toBuilder()
          .setState(SnapshotState.COMPLETED)
          .setProgressPercent(100)
          .setAllocatedBytes(allocated)
          .clearStatusMessage()
          .build();
      SnapshotRows.update(c, healed, 0);
      return healed;
    }
    Snapshot adopted = Snapshot.newBuilder()
        .setSnapshotId(id)
        .setVolumeSizeGib(sizeGib)
        .setState(SnapshotState.COMPLETED)
        .setProgressPercent(100)
        .setStartTime(Timestamps.ofMillis(clock.millis()))
        .setAllocatedBytes(allocated)
        .setStatusMessage(ADOPTED_SNAPSHOT)
        .build();
    SnapshotRows.insert(c, adopted, null, null, 0);
    return adopted;
  }
}
