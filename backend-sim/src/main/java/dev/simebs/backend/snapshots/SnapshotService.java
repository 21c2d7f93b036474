package dev.simebs.backend.snapshots;

import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.SNAPSHOT_NOT_FOUND;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeSnapshotsResponse;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.model.IdempotentRequests;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.model.Filters;
import dev.simebs.backend.model.KeysetPages;
import dev.simebs.backend.model.PageTokens;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import dev.simebs.backend.volumes.VolumeRows;
import dev.simebs.backend.volumes.VolumeService;
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
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Snapshots: immutable copies of a volume's image taken when the request arrives. The copy is
 * written and forced to disk before the row is committed; with latency configured the snapshot
 * then reports PENDING with a progress that grows until its due time.
 */
public final class SnapshotService {

  private final Database db;
  private final DataDir dataDir;
  private final ImageFiles files;
  private final Simulation simulation;
  private final Timers timers;
  private final Clock clock;

  public SnapshotService(Database db, DataDir dataDir, ImageFiles files, Simulation simulation,
      Timers timers, Clock clock) {
    this.db = db;
    this.dataDir = dataDir;
    this.files = files;
    this.simulation = simulation;
    this.timers = timers;
    this.clock = clock;
  }

  private record Created(Snapshot snapshot, boolean fresh) {}

  public Snapshot create(CreateSnapshotRequest request) throws IOException {
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
        return view(existing.get(), 0);
      }
    }
    Volume volume = db.read(c -> VolumeRows.find(c, volumeId))
        .orElseThrow(() -> VolumeService.notFound(volumeId)).volume();
    if (volume.getState() != VolumeState.AVAILABLE && volume.getState() != VolumeState.IN_USE) {
      throw BackendErrors.error(INCORRECT_STATE,
          "volume %s is %s; only available or in-use volumes can be snapshotted"
              .formatted(volumeId, volume.getState()), volumeId);
    }
    String id = ResourceIds.SNAPSHOT.newId();
    Path file = dataDir.snapshotFile(id);
    long allocated;
    try {
      allocated = files.copy(dataDir.volumeFile(volumeId), file, volume.getSizeGib());
    } catch (NoSuchFileException e) {
      files.deleteQuietly(file);
      throw VolumeService.notFound(volumeId);
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(file);
      throw e;
    }
    Duration latency = simulation.latency("CreateSnapshot");
    long now = clock.millis();
    long due = latency.isZero() ? 0 : now + latency.toMillis();
    Snapshot snapshot = Snapshot.newBuilder()
        .setSnapshotId(id)
        .setVolumeId(volumeId)
        .setVolumeSizeGib(volume.getSizeGib())
        .setState(latency.isZero() ? SnapshotState.COMPLETED : SnapshotState.PENDING)
        .setProgressPercent(latency.isZero() ? 100 : 0)
        .setStartTime(Timestamps.ofMillis(now))
        .addAllTags(request.getTagsList())
        .setClientToken(request.getClientToken())
        .setDescription(request.getDescription())
        .setAllocatedBytes(allocated)
        .build();
    Created created;
    try {
      created = db.write(c -> insert(c, token, request, snapshot, due), dataDir.snapshots());
    } catch (RuntimeException e) {
      files.deleteQuietly(file);
      throw e;
    }
    if (!created.fresh()) {
      files.deleteQuietly(file);
      return view(created.snapshot(), 0);
    }
    if (due != 0) {
      timers.after(latency, "snapshot " + id, () -> complete(id));
    }
    return view(snapshot, due);
  }

  public void delete(String snapshotId) {
    Checks.snapshotId("snapshot_id", snapshotId);
    db.write(c -> {
      if (SnapshotRows.find(c, snapshotId).isEmpty()) {
        throw notFound(snapshotId);
      }
      SnapshotRows.delete(c, snapshotId);
      return null;
    });
    files.deleteQuietly(dataDir.snapshotFile(snapshotId));
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
          SnapshotRows.Stored stored = SnapshotRows.find(c, id).orElseThrow(() -> notFound(id));
          Snapshot snapshot = view(stored.snapshot(), stored.dueAt());
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
          SnapshotRows.findByToken(c, token).ifPresent(s -> found.add(view(s.snapshot(), s.dueAt())));
        }
        return DescribeSnapshotsResponse.newBuilder()
            .addAllSnapshots(found.stream()
                .filter(filter)
                .filter(s -> volumeId.isEmpty() || s.getVolumeId().equals(volumeId))
                .sorted(Comparator.comparing(Snapshot::getSnapshotId))
                .toList())
            .build();
      });
    }
    String after = PageTokens.decode(ResourceIds.SNAPSHOT, request.getNextToken());
    return db.read(c -> {
      KeysetPages.Page<SnapshotRows.Stored> page = KeysetPages.collect(
          (cursor, limit) -> SnapshotRows.page(c, volumeId, cursor, limit),
          row -> row.snapshot().getSnapshotId(),
          row -> filter.test(view(row.snapshot(), row.dueAt())), after, max);
      return DescribeSnapshotsResponse.newBuilder()
          .addAllSnapshots(page.items().stream().map(r -> view(r.snapshot(), r.dueAt())).toList())
          .setNextToken(page.nextToken())
          .build();
    });
  }

  /** Ends a PENDING state (timer or recovery). */
  public void complete(String snapshotId) {
    db.write(c -> {
      Optional<SnapshotRows.Stored> stored = SnapshotRows.find(c, snapshotId);
      if (stored.isPresent() && stored.get().snapshot().getState() == SnapshotState.PENDING) {
        SnapshotRows.update(c, stored.get().snapshot().toBuilder()
            .setState(SnapshotState.COMPLETED).setProgressPercent(100).build(), 0);
      }
      return null;
    });
  }

  /** Completes every pending snapshot (its data was copied before it was recorded). */
  public void recover() {
    db.read(c -> SnapshotRows.inState(c, SnapshotState.PENDING))
        .forEach(s -> complete(s.snapshot().getSnapshotId()));
  }

  /** A pending snapshot's progress follows the time elapsed towards its due time. */
  private Snapshot view(Snapshot snapshot, long dueAt) {
    if (snapshot.getState() != SnapshotState.PENDING || dueAt == 0) {
      return snapshot;
    }
    long start = snapshot.getStartTime().getSeconds() * 1000
        + snapshot.getStartTime().getNanos() / 1_000_000;
    long span = Math.max(1, dueAt - start);
    int progress = (int) Math.min(99, Math.max(0, (clock.millis() - start) * 100 / span));
    return snapshot.toBuilder().setProgressPercent(progress).build();
  }

  private Created insert(Connection c, String token, CreateSnapshotRequest request,
      Snapshot snapshot, long due) throws SQLException {
    if (token != null) {
      Optional<Snapshot> existing = sameRequest(c, token, request);
      if (existing.isPresent()) {
        return new Created(existing.get(), false);
      }
    }
    if (VolumeRows.find(c, snapshot.getVolumeId()).isEmpty()) {
      throw VolumeService.notFound(snapshot.getVolumeId());
    }
    SnapshotRows.insert(c, snapshot, token, request.toByteArray(), due);
    return new Created(snapshot, true);
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

  public static RuntimeException notFound(String snapshotId) {
    return BackendErrors.error(SNAPSHOT_NOT_FOUND,
        "snapshot %s does not exist".formatted(snapshotId), snapshotId);
  }
}
