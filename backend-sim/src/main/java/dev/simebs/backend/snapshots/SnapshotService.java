package dev.simebs.backend.snapshots;

import dev.simebs.common.Orderings;
import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeSnapshotsResponse;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.copies.Copy;
import dev.simebs.backend.copies.CopyJobs;
import dev.simebs.backend.copies.CopyRows;
import dev.simebs.backend.copies.CopyTarget;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.files.ImageReleases;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.model.Filters;
import dev.simebs.backend.model.IdempotentRequests;
import dev.simebs.backend.model.KeysetPages;
import dev.simebs.backend.model.NotFound;
import dev.simebs.backend.model.PageTokens;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.volumes.VolumeRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots: one instant of a volume, filled in the background. CreateSnapshot commits the
 * snapshot (PENDING) together with its copy and answers at once; a repeat with the same token
 * answers the same snapshot with its progress. The copy then fills the image; the snapshot is
 * COMPLETED when the copy is done and its configured latency is over, or SNAPSHOT_ERROR when the
 * copy failed. A reflink copy is awaited before the answer, so the snapshot's instant is fixed
 * when the caller hears of it (CSI's "cut"): a caller may thaw a frozen application then.
 */
public final class SnapshotService implements CopyTarget {

  private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);
  static final String NOT_POINT_IN_TIME = "copied extent by extent from a volume attached to a"
      + " node, on a volume store without reflink: not point-in-time";

  private final Database db;
  private final Simulation simulation;
  private final CopyJobs copies;
  private final CopyMethod copyMethod;
  private final ImageReleases releases;
  private final Clock clock;

  public SnapshotService(Database db, Simulation simulation, CopyJobs copies,
      CopyMethod copyMethod, ImageReleases releases, Clock clock) {
    this.db = db;
    this.simulation = simulation;
    this.copies = copies;
    this.copyMethod = copyMethod;
    this.releases = releases;
    this.clock = clock;
  }

  private record Created(Snapshot snapshot, Optional<Copy> copy) {}

  public Snapshot create(CreateSnapshotRequest request) {
    String volumeId = Checks.volumeId("volume_id", request.getVolumeId());
    String token = Checks.clientToken(request.getClientToken());
    Checks.tags(request.getTagsList());
    if (request.getDescription().length() > 255) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "description: %d characters, at most 255 allowed"
              .formatted(request.getDescription().length()));
    }
    if (token != null) {
      Optional<Snapshot> existing = db.read(c -> sameRequest(c, token, request));
      if (existing.isPresent()) {
        return describeOne(existing.get().getSnapshotId());
      }
    }
    String id = ResourceIds.SNAPSHOT.newId();
    Duration latency = simulation.latency("CreateSnapshot");
    long now = clock.millis();
    long due = latency.isZero() ? 0 : now + latency.toMillis();
    Created created = db.write(c -> insert(c, token, request, id, now, due));
    created.copy().ifPresent(copies::begin);
    return describeOne(created.snapshot().getSnapshotId());
  }

  /**
   * Deletes a snapshot, also one still being copied (the copy stops). Its file goes after the
   * row, unless a copy still holds it (a restore reading it, or its own copy): the copy removes
   * it when it ends.
   */
  public void delete(String snapshotId) {
    Checks.snapshotId("snapshot_id", snapshotId);
    boolean held = db.write(c -> {
      if (SnapshotRows.find(c, snapshotId).isEmpty()) {
        throw NotFound.snapshot(snapshotId);
      }
      SnapshotRows.delete(c, snapshotId);
      boolean copying = CopyRows.holds(c, snapshotId);
      if (!copying) {
        releases.record(c, snapshotId);
      }
      return copying;
    });
    copies.cancel(snapshotId);
    if (!held) {
      releases.remove(snapshotId);
    }
  }

  public DescribeSnapshotsResponse describe(DescribeSnapshotsRequest request) {
    int max = Checks.maxResults(request.getMaxResults());
    Predicate<Snapshot> filter = Filters.snapshots(request.getFiltersList());
    String volumeId = request.getVolumeId();
    if (!volumeId.isEmpty()) {
      Checks.volumeId("volume_id", volumeId);
    }
    if (request.getSnapshotIdsCount() > 0) {
      request.getSnapshotIdsList().forEach(id -> Checks.snapshotId("snapshot_ids", id));
      return db.read(c -> {
        DescribeSnapshotsResponse.Builder response = DescribeSnapshotsResponse.newBuilder();
        for (String id : request.getSnapshotIdsList().stream().distinct().sorted().toList()) {
          SnapshotRows.Stored stored = SnapshotRows.find(c, id)
              .orElseThrow(() -> NotFound.snapshot(id));
          Snapshot snapshot = view(stored);
          if (filter.test(snapshot)
              && (volumeId.isEmpty() || snapshot.getVolumeId().equals(volumeId))) {
            response.addSnapshots(snapshot);
          }
        }
        return response.build();
      });
    }
    Optional<List<String>> tokens = Filters.clientTokens(request.getFiltersList());
    if (tokens.isPresent()) {
      return db.read(c -> {
        List<Snapshot> found = new ArrayList<>();
        for (String token : tokens.get()) {
          SnapshotRows.findByToken(c, token).ifPresent(s -> found.add(view(s)));
        }
        return DescribeSnapshotsResponse.newBuilder()
            .addAllSnapshots(found.stream()
                .filter(filter)
                .filter(s -> volumeId.isEmpty() || s.getVolumeId().equals(volumeId))
                .sorted(Orderings.byText(Snapshot::getSnapshotId))
                .toList())
            .build();
      });
    }
    String after = PageTokens.decode(ResourceIds.SNAPSHOT, request.getNextToken());
    return db.read(c -> {
      KeysetPages.Page<SnapshotRows.Stored> page = KeysetPages.collect(
          (cursor, limit) -> SnapshotRows.page(c, volumeId, cursor, limit),
          row -> row.snapshot().getSnapshotId(),
          row -> filter.test(view(row)), after, max);
      return DescribeSnapshotsResponse.newBuilder()
          .addAllSnapshots(page.items().stream().map(this::view).toList())
          .setNextToken(page.nextToken())
          .build();
    });
  }

  @Override
  public boolean exists(Connection c, String snapshotId) throws SQLException {
    return SnapshotRows.find(c, snapshotId).isPresent();
  }

  @Override
  public OptionalLong copied(Connection c, String snapshotId, long allocatedBytes)
      throws SQLException {
    Optional<SnapshotRows.Stored> stored = SnapshotRows.find(c, snapshotId);
    if (stored.isEmpty()) {
      return OptionalLong.empty();
    }
    SnapshotRows.update(c, stored.get().snapshot().toBuilder()
        .setAllocatedBytes(allocatedBytes).build(), stored.get().dueAt());
    return OptionalLong.of(stored.get().dueAt());
  }

  @Override
  public boolean failed(Connection c, String snapshotId, String why) throws SQLException {
    Optional<SnapshotRows.Stored> stored = SnapshotRows.find(c, snapshotId);
    stored.ifPresent(s -> log.error("snapshot {} failed: {}", snapshotId, why));
    if (stored.isEmpty()) {
      return false;
    }
    SnapshotRows.update(c, stored.get().snapshot().toBuilder()
        .setState(SnapshotState.SNAPSHOT_ERROR).setStatusMessage(why).build(), 0);
    return true;
  }

  /** Ends a PENDING state once the copy is done (its job or timer, or recovery). */
  @Override
  public void complete(String snapshotId) {
    db.write(c -> {
      Optional<SnapshotRows.Stored> stored = SnapshotRows.find(c, snapshotId);
      if (stored.isPresent() && stored.get().snapshot().getState() == SnapshotState.PENDING
          && CopyRows.find(c, snapshotId).isEmpty()) {
        SnapshotRows.update(c, stored.get().snapshot().toBuilder()
            .setState(SnapshotState.COMPLETED).setProgressPercent(100).build(), 0);
      }
      return null;
    });
  }

  /**
   * Completes every pending snapshot whose copy is done (only its latency was left, and timers do
   * not outlive a restart); the others are completed by their resumed copies.
   */
  public void recover() {
    db.read(c -> SnapshotRows.inState(c, SnapshotState.PENDING))
        .forEach(s -> complete(s.snapshot().getSnapshotId()));
  }

  private Snapshot describeOne(String snapshotId) {
    return db.read(c -> SnapshotRows.find(c, snapshotId).map(this::view))
        .orElseThrow(() -> NotFound.snapshot(snapshotId));
  }

  /**
   * A pending snapshot's progress is the smaller of its copy's and of the time elapsed towards
   * its due time, and stays below 100 until it is completed.
   */
  private Snapshot view(SnapshotRows.Stored stored) {
    Snapshot snapshot = stored.snapshot();
    if (snapshot.getState() != SnapshotState.PENDING) {
      return snapshot;
    }
    int copied = copies.progress(snapshot.getSnapshotId()).orElse(100);
    int elapsed = 100;
    if (stored.dueAt() != 0) {
      long start = Timestamps.toMillis(snapshot.getStartTime());
      long span = Math.max(1, stored.dueAt() - start);
      elapsed = (int) Math.max(0, (clock.millis() - start) * 100 / span);
    }
    return snapshot.toBuilder().setProgressPercent(Math.min(99, Math.min(copied, elapsed)))
        .build();
  }

  /** The mutation: idempotency and source checks, then the snapshot and its copy. */
  private Created insert(Connection c, String token, CreateSnapshotRequest request, String id,
      long now, long due) throws SQLException {
    if (token != null) {
      Optional<Snapshot> existing = sameRequest(c, token, request);
      if (existing.isPresent()) {
        return new Created(existing.get(), Optional.empty());
      }
    }
    String volumeId = request.getVolumeId();
    VolumeRows.Stored source = VolumeRows.find(c, volumeId)
        .orElseThrow(() -> NotFound.volume(volumeId));
    Volume volume = source.volume();
    if (volume.getState() != VolumeState.AVAILABLE && volume.getState() != VolumeState.IN_USE) {
      throw BackendErrors.error(INCORRECT_STATE,
          "volume %s is %s; only available or in-use volumes can be snapshotted"
              .formatted(volumeId, volume.getState()), volumeId);
    }
    // An extent copy of a volume no node has attached stays one instant: attaching it waits for
    // the copy (AttachmentService). A volume in use may change under the copy.
    boolean pointInTime =
        copyMethod == CopyMethod.REFLINK || volume.getState() == VolumeState.AVAILABLE;
    Snapshot.Builder snapshot = Snapshot.newBuilder()
        .setSnapshotId(id)
        .setVolumeId(volumeId)
        .setVolumeSizeGib(volume.getSizeGib())
        .setState(SnapshotState.PENDING)
        .setStartTime(Timestamps.ofMillis(now))
        .addAllTags(request.getTagsList())
        .setClientToken(request.getClientToken())
        .setDescription(request.getDescription())
        .setPointInTime(pointInTime);
    if (!pointInTime) {
      snapshot.setStatusMessage(NOT_POINT_IN_TIME);
      log.warn("snapshot {} of {}: {}", id, volumeId, NOT_POINT_IN_TIME);
    }
    Copy copy = new Copy(id, volumeId, copyMethod, volume.getSizeGib(), now);
    SnapshotRows.insert(c, snapshot.build(), token, request.toByteArray(), due);
    CopyRows.insert(c, copy);
    return new Created(snapshot.build(), Optional.of(copy));
  }

  private static Optional<Snapshot> sameRequest(Connection c, String token,
      CreateSnapshotRequest request) throws SQLException {
    Optional<SnapshotRows.Stored> stored = SnapshotRows.findByToken(c, token);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    IdempotentRequests.requireSame(
        token, "snapshot", stored.get().snapshot().getSnapshotId(), stored.get().request(), request);
    return Optional.of(stored.get().snapshot());
  }
}
