package dev.simebs.backend.volumes;

import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INSUFFICIENT_VOLUME_CAPACITY;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.MISSING_PARAMETER;
import static dev.simebs.backend.api.ErrorReason.VOLUME_IN_USE;
import static dev.simebs.backend.api.ErrorReason.VOLUME_NOT_FOUND;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.backend.api.Zone;
import dev.simebs.backend.attachments.AttachmentRows;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.model.IdempotentRequests;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.model.Filters;
import dev.simebs.backend.model.KeysetPages;
import dev.simebs.backend.model.PageTokens;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.model.Views;
import dev.simebs.backend.modifications.ModificationRows;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.snapshots.SnapshotRows;
import dev.simebs.backend.snapshots.SnapshotService;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import dev.simebs.backend.zones.StorageQuota;
import dev.simebs.backend.zones.ZoneRows;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Volumes: create (empty, from a snapshot, or as a clone), delete, describe.
 *
 * <p>Crash ordering. A restored or cloned volume's file is made (and its data forced to disk)
 * first, then the row is committed with the directory entry made durable in the same group
 * commit; a crash in between leaves only an untracked file, which reconciliation removes. A
 * blank volume is the other way round: its row is committed first and its sparse file made
 * after, with no directory fsync, because a blank image is all zeros and reconciliation
 * recreates it exactly if a crash lost it (data written to it later reaches disk through the
 * file's own fsync, which makes its directory entry durable too). That saves a directory fsync
 * on the busiest call. Deletion: the row goes first, then the file.
 */
public final class VolumeService {

  private final Database db;
  private final DataDir dataDir;
  private final ImageFiles files;
  private final Simulation simulation;
  private final Timers timers;
  private final Clock clock;
  private final Views views;

  public VolumeService(Database db, DataDir dataDir, ImageFiles files, Simulation simulation,
      Timers timers, Clock clock) {
    this.db = db;
    this.dataDir = dataDir;
    this.files = files;
    this.simulation = simulation;
    this.timers = timers;
    this.clock = clock;
    this.views = new Views(dataDir);
  }

  private record Source(Path file, long sizeGib) {}

  private record Created(Volume volume, boolean fresh) {}

  public Volume create(CreateVolumeRequest request) throws IOException {
    String token = Checks.clientToken(request.getClientToken());
    if (token != null) {
      Optional<Volume> existing = db.read(c -> sameRequest(c, token, request));
      if (existing.isPresent()) {
        return describeOne(existing.get().getVolumeId());
      }
    }
    Optional<Source> source = source(request);
    long size = request.getSizeGib() == 0 && source.isPresent()
        ? source.get().sizeGib()
        : request.getSizeGib();
    Volume.Builder volume = validated(request, size);
    source.ifPresent(s -> {
      if (s.sizeGib() > size) {
        throw BackendErrors.error(INVALID_PARAMETER_VALUE,
            "size_gib: %d GiB is smaller than the source's %d GiB".formatted(size, s.sizeGib()));
      }
    });

    String id = ResourceIds.VOLUME.newId();
    Path file = dataDir.volumeFile(id);
    Duration latency = simulation.latency("CreateVolume");
    long now = clock.millis();
    long due = latency.isZero() ? 0 : now + latency.toMillis();
    volume.setVolumeId(id)
        .setCreateTime(Timestamps.ofMillis(now))
        .setState(latency.isZero() ? VolumeState.AVAILABLE : VolumeState.CREATING);
    Created created =
        source.isEmpty()
            ? insertThenCreateBlank(token, request, volume, due, file, size)
            : copyThenInsert(source.get(), token, request, volume, due, file, size);
    if (!created.fresh()) {
      return describeOne(created.volume().getVolumeId());
    }
    if (due != 0) {
      timers.after(latency, "creation of " + id, () -> completeCreate(id));
    }
    return views.volume(created.volume(), List.of());
  }

  public void delete(String volumeId) {
    Checks.volumeId("volume_id", volumeId);
    Duration latency = simulation.latency("DeleteVolume");
    Optional<Volume> removed = db.write(c -> {
      Volume volume = VolumeRows.find(c, volumeId)
          .orElseThrow(() -> notFound(volumeId)).volume();
      List<Attachment> attachments = AttachmentRows.ofVolume(c, volumeId);
      if (!attachments.isEmpty()) {
        throw BackendErrors.error(VOLUME_IN_USE,
            "volume %s is attached to %s".formatted(volumeId, attachments.getFirst().getNodeId()),
            volumeId);
      }
      if (volume.getState() == VolumeState.DELETING) {
        return Optional.empty();
      }
      if (!latency.isZero()) {
        VolumeRows.update(c, volume.toBuilder().setState(VolumeState.DELETING).build(),
            clock.millis() + latency.toMillis());
        return Optional.empty();
      }
      remove(c, volume);
      return Optional.of(volume);
    });
    if (removed.isPresent()) {
      files.deleteQuietly(dataDir.volumeFile(volumeId));
    } else if (!latency.isZero()) {
      timers.after(latency, "deletion of " + volumeId, () -> completeDelete(volumeId));
    }
  }

  public Volume describeOne(String volumeId) {
    Checks.volumeId("volume_id", volumeId);
    return db.read(c -> {
      Volume volume = VolumeRows.find(c, volumeId).orElseThrow(() -> notFound(volumeId)).volume();
      return views.volume(volume, AttachmentRows.ofVolume(c, volumeId));
    });
  }

  public DescribeVolumesResponse describe(DescribeVolumesRequest request) {
    int max = Checks.maxResults(request.getMaxResults());
    Predicate<Volume> filter = Filters.volumes(request.getFiltersList());
    if (request.getVolumeIdsCount() > 0) {
      request.getVolumeIdsList().forEach(id -> Checks.volumeId("volume_ids", id));
      return db.read(c -> {
        List<Volume> found = new ArrayList<>();
        for (String id : request.getVolumeIdsList().stream().distinct().sorted().toList()) {
          found.add(VolumeRows.find(c, id).orElseThrow(() -> notFound(id)).volume());
        }
        return DescribeVolumesResponse.newBuilder()
            .addAllVolumes(withAttachments(c, found.stream().filter(filter).toList()))
            .build();
      });
    }
    Optional<List<String>> tokens = Filters.clientTokens(request.getFiltersList());
    if (tokens.isPresent()) {
      return db.read(c -> {
        List<Volume> found = new ArrayList<>();
        for (String token : tokens.get()) {
          VolumeRows.findByToken(c, token).ifPresent(s -> found.add(s.volume()));
        }
        return DescribeVolumesResponse.newBuilder()
            .addAllVolumes(withAttachments(c, found.stream().filter(filter).toList()))
            .build();
      });
    }
    String after = PageTokens.decode(ResourceIds.VOLUME, request.getNextToken());
    return db.read(c -> {
      KeysetPages.Page<Volume> page = KeysetPages.collect(
          (cursor, limit) -> VolumeRows.page(c, cursor, limit), Volume::getVolumeId, filter,
          after, max);
      return DescribeVolumesResponse.newBuilder()
          .addAllVolumes(withAttachments(c, page.items()))
          .setNextToken(page.nextToken())
          .build();
    });
  }

  /** Marks a volume impaired (or healthy again), as a cloud's volume status check would. */
  public void setImpaired(String volumeId, boolean impaired, String reason) {
    Checks.volumeId("volume_id", volumeId);
    db.write(c -> {
      VolumeRows.Stored stored = VolumeRows.find(c, volumeId)
          .orElseThrow(() -> notFound(volumeId));
      VolumeRows.update(c, stored.volume().toBuilder()
          .setImpaired(impaired)
          .setImpairedReason(impaired ? reason : "")
          .build(), stored.dueAt());
      return null;
    });
  }

  /** Ends a CREATING state (timer or recovery). */
  public void completeCreate(String volumeId) {
    db.write(c -> {
      Optional<VolumeRows.Stored> stored = VolumeRows.find(c, volumeId);
      if (stored.isPresent() && stored.get().volume().getState() == VolumeState.CREATING) {
        VolumeRows.update(c,
            stored.get().volume().toBuilder().setState(VolumeState.AVAILABLE).build(), 0);
      }
      return null;
    });
  }

  /** Ends a DELETING state (timer or recovery): the row goes, then the file. */
  public void completeDelete(String volumeId) {
    boolean removed = db.write(c -> {
      Optional<VolumeRows.Stored> stored = VolumeRows.find(c, volumeId);
      if (stored.isPresent() && stored.get().volume().getState() == VolumeState.DELETING) {
        remove(c, stored.get().volume());
        return true;
      }
      return false;
    });
    if (removed) {
      files.deleteQuietly(dataDir.volumeFile(volumeId));
    }
  }

  /** Completes every transitional volume state; run once at start, before serving. */
  public void recover() {
    for (VolumeRows.Stored stored : db.read(c ->
        VolumeRows.inStates(c, VolumeState.CREATING, VolumeState.DELETING))) {
      String id = stored.volume().getVolumeId();
      switch (stored.volume().getState()) {
        case CREATING -> completeCreate(id);
        case DELETING -> completeDelete(id);
        default -> { }
      }
    }
  }

  private List<Volume> withAttachments(Connection c, List<Volume> volumes) throws SQLException {
    Map<String, List<Attachment>> byVolume = AttachmentRows.ofVolumes(c,
            volumes.stream().map(Volume::getVolumeId).toList())
        .stream()
        .collect(Collectors.groupingBy(Attachment::getVolumeId));
    return volumes.stream()
        .sorted(Comparator.comparing(Volume::getVolumeId))
        .map(v -> views.volume(v, byVolume.getOrDefault(v.getVolumeId(), List.of())))
        .toList();
  }

  private Volume.Builder validated(CreateVolumeRequest request, long size) {
    if (size <= 0) {
      throw BackendErrors.error(size == 0 ? MISSING_PARAMETER : INVALID_PARAMETER_VALUE,
          "size_gib: a positive size in GiB is required, got " + size);
    }
    VolumeType type = VolumeTypes.resolve(request.getType());
    VolumeTypes.checkSize(type, size);
    VolumeTypes.Performance performance = VolumeTypes.performance(type, size,
        request.hasIops() ? OptionalInt.of(request.getIops()) : OptionalInt.empty(),
        request.hasThroughputMibps()
            ? OptionalInt.of(request.getThroughputMibps()) : OptionalInt.empty());
    if (request.getMultiAttach() && !VolumeTypes.supportsMultiAttach(type)) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "multi_attach: only io2 volumes can be multi-attached, not "
              + VolumeTypes.name(type));
    }
    if (!request.getKmsKeyId().isEmpty() && !request.getEncrypted()) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "kms_key_id: '%s' given for an unencrypted volume".formatted(request.getKmsKeyId()));
    }
    Checks.tags(request.getTagsList());
    return Volume.newBuilder()
        .setSizeGib(size)
        .setType(type)
        .setIops(performance.iops())
        .setThroughputMibps(performance.throughputMibps())
        .setZone(request.getZone())
        .setEncrypted(request.getEncrypted())
        .setKmsKeyId(request.getKmsKeyId())
        .setMultiAttach(request.getMultiAttach())
        .setSnapshotId(request.getSnapshotId())
        .setSourceVolumeId(request.getSourceVolumeId())
        .addAllTags(request.getTagsList())
        .setClientToken(request.getClientToken());
  }

  private Optional<Source> source(CreateVolumeRequest request) {
    boolean fromSnapshot = !request.getSnapshotId().isEmpty();
    boolean fromVolume = !request.getSourceVolumeId().isEmpty();
    if (fromSnapshot && fromVolume) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "snapshot_id and source_volume_id: give at most one source");
    }
    if (fromSnapshot) {
      String id = Checks.snapshotId("snapshot_id", request.getSnapshotId());
      Snapshot snapshot = db.read(c -> SnapshotRows.find(c, id))
          .orElseThrow(() -> SnapshotService.notFound(id)).snapshot();
      if (snapshot.getState() != SnapshotState.COMPLETED) {
        throw BackendErrors.error(INCORRECT_STATE,
            "snapshot %s is %s, not completed".formatted(id, snapshot.getState()), id);
      }
      return Optional.of(new Source(dataDir.snapshotFile(id), snapshot.getVolumeSizeGib()));
    }
    if (fromVolume) {
      String id = Checks.volumeId("source_volume_id", request.getSourceVolumeId());
      Volume volume = db.read(c -> VolumeRows.find(c, id)).orElseThrow(() -> notFound(id))
          .volume();
      if (volume.getState() != VolumeState.AVAILABLE && volume.getState() != VolumeState.IN_USE) {
        throw BackendErrors.error(INCORRECT_STATE,
            "source volume %s is %s".formatted(id, volume.getState()), id);
      }
      return Optional.of(new Source(dataDir.volumeFile(id), volume.getSizeGib()));
    }
    return Optional.empty();
  }

  /** A blank volume: the row first, then its sparse file (see the class comment). */
  private Created insertThenCreateBlank(String token, CreateVolumeRequest request,
      Volume.Builder volume, long due, Path file, long size) throws IOException {
    Created created = db.write(c -> insert(c, token, request, volume, due));
    if (created.fresh()) {
      try {
        files.createSparse(file, size);
      } catch (IOException | RuntimeException e) {
        db.write(c -> {
          VolumeRows.delete(c, created.volume().getVolumeId());
          ZoneRows.addUsed(c, created.volume().getZone(), -created.volume().getSizeGib());
          return null;
        });
        throw e;
      }
    }
    return created;
  }

  /** A restore or clone: the copy first, forced to disk, then the row. */
  private Created copyThenInsert(Source source, String token, CreateVolumeRequest request,
      Volume.Builder volume, long due, Path file, long size) throws IOException {
    try {
      files.copy(source.file(), file, size);
    } catch (NoSuchFileException e) {
      files.deleteQuietly(file);
      throw request.getSnapshotId().isEmpty()
          ? notFound(request.getSourceVolumeId())
          : SnapshotService.notFound(request.getSnapshotId());
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(file);
      throw e;
    }
    Created created;
    try {
      created = db.write(c -> insert(c, token, request, volume, due), dataDir.volumes());
    } catch (RuntimeException e) {
      files.deleteQuietly(file);
      throw e;
    }
    if (!created.fresh()) {
      files.deleteQuietly(file); // lost a race with the same token: the winner's volume stands
    }
    return created;
  }

  /** The mutation: idempotency, source and capacity checks, then the row. */
  private Created insert(Connection c, String token, CreateVolumeRequest request,
      Volume.Builder volume, long due) throws SQLException {
    if (token != null) {
      Optional<Volume> existing = sameRequest(c, token, request);
      if (existing.isPresent()) {
        return new Created(existing.get(), false);
      }
    }
    if (!request.getSnapshotId().isEmpty() && SnapshotRows.find(c, request.getSnapshotId()).isEmpty()) {
      throw SnapshotService.notFound(request.getSnapshotId());
    }
    Zone zone = zone(c, request.getZone(), volume.getSizeGib());
    StorageQuota.check(c, simulation.storageQuotaGib(), volume.getSizeGib(), "");
    Volume built = volume.setZone(zone.getName()).build();
    VolumeRows.insert(c, built, token, request.toByteArray(), due);
    ZoneRows.addUsed(c, zone.getName(), built.getSizeGib());
    return new Created(built, true);
  }

  /** The requested zone, or the one with the most free capacity; it must fit the volume. */
  private static Zone zone(Connection c, String requested, long sizeGib) throws SQLException {
    Zone zone;
    if (requested.isEmpty()) {
      zone = ZoneRows.all(c).stream().max(Comparator.comparingLong(Zone::getFreeGib))
          .orElseThrow(() -> BackendErrors.error(INSUFFICIENT_VOLUME_CAPACITY, "no zones"));
    } else {
      zone = ZoneRows.find(c, requested).orElseThrow(() -> BackendErrors.error(
          INVALID_PARAMETER_VALUE, "zone: unknown zone '%s'".formatted(requested)));
    }
    if (zone.getFreeGib() < sizeGib) {
      throw BackendErrors.error(INSUFFICIENT_VOLUME_CAPACITY,
          "zone %s has %d GiB free, %d GiB requested"
              .formatted(zone.getName(), zone.getFreeGib(), sizeGib));
    }
    return zone;
  }

  private static Optional<Volume> sameRequest(Connection c, String token,
      CreateVolumeRequest request) throws SQLException {
    Optional<VolumeRows.Stored> stored = VolumeRows.findByToken(c, token);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    IdempotentRequests.requireSame(
        token, "volume", stored.get().volume().getVolumeId(), stored.get().request(), request);
    return Optional.of(stored.get().volume());
  }

  private static void remove(Connection c, Volume volume) throws SQLException {
    VolumeRows.delete(c, volume.getVolumeId());
    long reserved = ModificationRows.reservedGib(c, volume.getVolumeId());
    ModificationRows.delete(c, volume.getVolumeId());
    ZoneRows.addUsed(c, volume.getZone(), -volume.getSizeGib() - reserved);
  }

  public static RuntimeException notFound(String volumeId) {
    return BackendErrors.error(VOLUME_NOT_FOUND,
        "volume %s does not exist".formatted(volumeId), volumeId);
  }
}
