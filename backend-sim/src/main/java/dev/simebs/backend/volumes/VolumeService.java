package dev.simebs.backend.volumes;

import dev.simebs.common.Orderings;
import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.MISSING_PARAMETER;
import static dev.simebs.backend.api.ErrorReason.VOLUME_IN_USE;

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
import dev.simebs.backend.copies.Copy;
import dev.simebs.backend.copies.CopyJobs;
import dev.simebs.backend.copies.CopyRows;
import dev.simebs.backend.copies.CopyTarget;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageReleases;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.model.Filters;
import dev.simebs.backend.model.IdempotentRequests;
import dev.simebs.backend.model.KeysetPages;
import dev.simebs.backend.model.NotFound;
import dev.simebs.backend.model.PageTokens;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.model.Views;
import dev.simebs.backend.modifications.ModificationRows;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.snapshots.SnapshotRows;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import dev.simebs.backend.zones.StorageQuota;
import dev.simebs.backend.zones.ZoneChoice;
import dev.simebs.backend.zones.ZoneRows;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volumes: create (empty, from a snapshot, or as a clone), delete, describe.
 *
 * <p>Crash ordering. A blank volume's row is committed first and its sparse file made after, with
 * no directory fsync: a blank image is all zeros, and reconciliation recreates it if a crash lost
 * it while the row says the volume was never attached (data written to it later reaches disk
 * through the file's own fsync, which makes its directory entry durable too). A restore or clone
 * commits its row (CREATING) together with its copy, answers, and is filled in the background;
 * the volume becomes AVAILABLE when the copy is done, so nothing attaches it half filled, and a
 * restart resumes the copy. Deletion: the row goes first, then the file, unless a copy still
 * holds it.
 */
public final class VolumeService implements CopyTarget {

  private static final Logger log = LoggerFactory.getLogger(VolumeService.class);
  static final String CLONE_NOT_POINT_IN_TIME = "cloned extent by extent from a volume attached"
      + " to a node, on a volume store without reflink: not point-in-time";

  private final Database db;
  private final DataDir dataDir;
  private final ImageFiles files;
  private final Simulation simulation;
  private final Timers timers;
  private final Clock clock;
  private final Views views;
  private final CopyJobs copies;
  private final CopyMethod copyMethod;
  private final ImageReleases releases;

  public VolumeService(Database db, DataDir dataDir, ImageFiles files, Simulation simulation,
      Timers timers, Clock clock, CopyJobs copies, CopyMethod copyMethod,
      ImageReleases releases) {
    this.db = db;
    this.dataDir = dataDir;
    this.files = files;
    this.simulation = simulation;
    this.timers = timers;
    this.clock = clock;
    this.views = new Views(dataDir, simulation::stuck);
    this.copies = copies;
    this.copyMethod = copyMethod;
    this.releases = releases;
  }

  /** A restore's or clone's source: its ID, its size, and whether a node may be writing it. */
  private record Source(String id, long sizeGib, boolean inUse) {}

  private record Created(Volume volume, boolean fresh, Optional<Copy> copy) {}

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
    if (source.isPresent()) {
      Created created = db.write(c -> insert(c, token, request, volume, due, source));
      created.copy().ifPresent(copies::begin);
      return describeOne(created.volume().getVolumeId());
    }
    Created created = insertThenCreateBlank(token, request, volume, due, file, size);
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
    Optional<Removal> removed = db.write(c -> {
      Volume volume = VolumeRows.find(c, volumeId)
          .orElseThrow(() -> NotFound.volume(volumeId)).volume();
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
      return Optional.of(remove(c, volume));
    });
    if (removed.isPresent()) {
      release(removed.get());
    } else if (!latency.isZero()) {
      timers.after(latency, "deletion of " + volumeId, () -> completeDelete(volumeId));
    }
  }

  public Volume describeOne(String volumeId) {
    Checks.volumeId("volume_id", volumeId);
    return db.read(c -> {
      Volume volume = VolumeRows.find(c, volumeId).orElseThrow(() -> NotFound.volume(volumeId)).volume();
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
          found.add(VolumeRows.find(c, id).orElseThrow(() -> NotFound.volume(id)).volume());
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
          .orElseThrow(() -> NotFound.volume(volumeId));
      VolumeRows.update(c, stored.volume().toBuilder()
          .setImpaired(impaired)
          .setImpairedReason(impaired ? reason : "")
          .build(), stored.dueAt());
      return null;
    });
  }

  /** Ends a CREATING state once its data is there (timer, copy or recovery). */
  public void completeCreate(String volumeId) {
    db.write(c -> {
      Optional<VolumeRows.Stored> stored = VolumeRows.find(c, volumeId);
      if (stored.isPresent() && stored.get().volume().getState() == VolumeState.CREATING
          && CopyRows.find(c, volumeId).isEmpty()) {
        VolumeRows.update(c,
            stored.get().volume().toBuilder().setState(VolumeState.AVAILABLE).build(), 0);
      }
      return null;
    });
  }

  /** Ends a DELETING state (timer or recovery): the row goes, then the file. */
  public void completeDelete(String volumeId) {
    Optional<Removal> removed = db.write(c -> {
      Optional<VolumeRows.Stored> stored = VolumeRows.find(c, volumeId);
      if (stored.isPresent() && stored.get().volume().getState() == VolumeState.DELETING) {
        return Optional.of(remove(c, stored.get().volume()));
      }
      return Optional.empty();
    });
    removed.ifPresent(this::release);
  }

  @Override
  public boolean exists(Connection c, String volumeId) throws SQLException {
    return VolumeRows.find(c, volumeId).isPresent();
  }

  @Override
  public OptionalLong copied(Connection c, String volumeId, long allocatedBytes)
      throws SQLException {
    return VolumeRows.find(c, volumeId).map(stored -> OptionalLong.of(stored.dueAt()))
        .orElse(OptionalLong.empty());
  }

  @Override
  public void complete(String volumeId) {
    completeCreate(volumeId);
  }

  @Override
  public boolean failed(Connection c, String volumeId, String why) throws SQLException {
    Optional<VolumeRows.Stored> stored = VolumeRows.find(c, volumeId);
    if (stored.isEmpty()) {
      return false;
    }
    log.error("volume {} failed: {}", volumeId, why);
    VolumeRows.update(c, stored.get().volume().toBuilder()
        .setState(VolumeState.ERROR).setStatusMessage(why).build(), 0);
    return true;
  }

  /**
   * Completes every transitional volume state; run once at start, before serving. A volume still
   * being filled stays CREATING: its resumed copy completes it.
   */
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
        .sorted(Orderings.byText(Volume::getVolumeId))
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
      return Optional.of(db.read(c -> sourceSnapshot(c, id)));
    }
    if (fromVolume) {
      String id = Checks.volumeId("source_volume_id", request.getSourceVolumeId());
      return Optional.of(db.read(c -> sourceVolume(c, id)));
    }
    return Optional.empty();
  }

  /** A snapshot to restore: it must exist and be completed. */
  private static Source sourceSnapshot(Connection c, String id) throws SQLException {
    Snapshot snapshot = SnapshotRows.find(c, id).orElseThrow(() -> NotFound.snapshot(id))
        .snapshot();
    if (snapshot.getState() != SnapshotState.COMPLETED) {
      throw BackendErrors.error(INCORRECT_STATE,
          "snapshot %s is %s, not completed".formatted(id, snapshot.getState()), id);
    }
    return new Source(id, snapshot.getVolumeSizeGib(), false);
  }

  /** A volume to clone: it must exist and be available or in use. */
  private static Source sourceVolume(Connection c, String id) throws SQLException {
    Volume volume = VolumeRows.find(c, id).orElseThrow(() -> NotFound.volume(id)).volume();
    if (volume.getState() != VolumeState.AVAILABLE && volume.getState() != VolumeState.IN_USE) {
      throw BackendErrors.error(INCORRECT_STATE,
          "source volume %s is %s".formatted(id, volume.getState()), id);
    }
    return new Source(id, volume.getSizeGib(),
        volume.getState() == VolumeState.IN_USE);
  }

  /** A blank volume: the row first, then its sparse file (see the class comment). */
  private Created insertThenCreateBlank(String token, CreateVolumeRequest request,
      Volume.Builder volume, long due, Path file, long size) throws IOException {
    Created created = db.write(c -> insert(c, token, request, volume, due, Optional.empty()));
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

  /**
   * The mutation: idempotency, source and capacity checks, then the row, and for a restore or a
   * clone its copy (the volume stays CREATING until the copy is done).
   */
  private Created insert(Connection c, String token, CreateVolumeRequest request,
      Volume.Builder volume, long due, Optional<Source> source) throws SQLException {
    if (token != null) {
      Optional<Volume> existing = sameRequest(c, token, request);
      if (existing.isPresent()) {
        return new Created(existing.get(), false, Optional.empty());
      }
    }
    Optional<Copy> copy = Optional.empty();
    if (source.isPresent()) {
      String sourceId = source.get().id();
      // Checked again here: the source may have changed since the request was read.
      Source now = request.getSnapshotId().isEmpty()
          ? sourceVolume(c, sourceId)
          : sourceSnapshot(c, sourceId);
      if (now.inUse() && copyMethod != CopyMethod.REFLINK) {
        volume.setStatusMessage(CLONE_NOT_POINT_IN_TIME);
        log.warn("clone {} of {}: {}", volume.getVolumeId(), sourceId, CLONE_NOT_POINT_IN_TIME);
      }
      volume.setState(VolumeState.CREATING);
      copy = Optional.of(new Copy(volume.getVolumeId(), sourceId, copyMethod,
          volume.getSizeGib(), clock.millis()));
    }
    Zone zone = ZoneChoice.pick(c, request.getZone(), volume.getSizeGib());
    StorageQuota.check(c, simulation.storageQuotaGib(), volume.getSizeGib(), "");
    Volume built = volume.setZone(zone.getName()).build();
    VolumeRows.insert(c, built, token, request.toByteArray(), due, false);
    ZoneRows.addUsed(c, zone.getName(), built.getSizeGib());
    if (copy.isPresent()) {
      CopyRows.insert(c, copy.get());
    }
    return new Created(built, true, copy);
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

  /** A removed row, and whether a copy still holds its file (then the copy removes it). */
  private record Removal(String volumeId, boolean held) {}

  private Removal remove(Connection c, Volume volume) throws SQLException {
    String id = volume.getVolumeId();
    VolumeRows.delete(c, id);
    long reserved = ModificationRows.reservedGib(c, id);
    ModificationRows.delete(c, id);
    ZoneRows.addUsed(c, volume.getZone(), -volume.getSizeGib() - reserved);
    boolean held = CopyRows.holds(c, id);
    if (!held) {
      releases.record(c, id);
    }
    return new Removal(id, held);
  }

  /** After a removal's commit: stops its copy, and removes the file unless a copy holds it. */
  private void release(Removal removal) {
    copies.cancel(removal.volumeId());
    if (!removal.held()) {
      releases.remove(removal.volumeId());
    }
  }
}
