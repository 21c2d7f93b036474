package dev.simebs.backend.filesystems;

import static dev.simebs.backend.api.ErrorReason.FILE_SYSTEM_IN_USE;
import static dev.simebs.backend.api.ErrorReason.FILE_SYSTEM_NOT_FOUND;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.MISSING_PARAMETER;
import static dev.simebs.backend.api.ErrorReason.MOUNT_TARGET_NOT_FOUND;

import dev.simebs.backend.accesspoints.AccessPointRows;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.DescribeFileSystemsResponse;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.api.MountTarget;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.ThroughputMode;
import dev.simebs.backend.api.Zone;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.model.IdempotentRequests;
import dev.simebs.backend.model.KeysetPages;
import dev.simebs.backend.model.PageTokens;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import dev.simebs.backend.zones.ZoneRows;
import dev.simebs.common.files.ConfinedRemoval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File systems: create (with a mount target in every zone, or in its one zone), delete,
 * describe, and mount targets taken down or up by the admin API.
 *
 * <p>Crash ordering. The file system's root directory is made first and its directory entry is
 * made durable by the commit that records the row; a crash in between leaves an empty directory
 * without a row, which {@link FileSystemReconciler} removes. Deletion: the row goes first, then
 * the tree.
 */
public final class FileSystemService {

  private static final Logger log = LoggerFactory.getLogger(FileSystemService.class);
  private static final double MAX_PROVISIONED_MIBPS = 10240;

  private final Database db;
  private final DataDir dataDir;
  private final Simulation simulation;
  private final Timers timers;
  private final Clock clock;
  private final MeteredSizes sizes;

  public FileSystemService(Database db, DataDir dataDir, Simulation simulation, Timers timers,
      Clock clock, MeteredSizes sizes) {
    this.db = db;
    this.dataDir = dataDir;
    this.simulation = simulation;
    this.timers = timers;
    this.clock = clock;
    this.sizes = sizes;
  }

  private record Created(FileSystem fileSystem, boolean fresh) {}

  public FileSystem create(CreateFileSystemRequest request) throws IOException {
    String token = Checks.clientToken(request.getCreationToken());
    if (token == null) {
      throw BackendErrors.error(MISSING_PARAMETER, "creation_token is required");
    }
    Optional<FileSystem> existing = db.read(c -> sameRequest(c, token, request));
    if (existing.isPresent()) {
      return describeOne(existing.get().getFileSystemId());
    }
    FileSystem.Builder fs = validated(request);
    String id = ResourceIds.FILE_SYSTEM.newId();
    Duration latency = simulation.latency("CreateFileSystem");
    long now = clock.millis();
    long due = latency.isZero() ? 0 : now + latency.toMillis();
    fs.setFileSystemId(id)
        .setCreationTime(Timestamps.ofMillis(now))
        .setState(latency.isZero() ? LifeCycleState.LIFE_CYCLE_AVAILABLE
            : LifeCycleState.LIFE_CYCLE_CREATING);

    Path root = dataDir.fileSystemRoot(id);
    Files.createDirectory(root, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    Created created;
    try {
      created = db.write(c -> insert(c, token, request, fs, due), dataDir.fileSystems());
    } catch (RuntimeException e) {
      Files.deleteIfExists(root);
      throw e;
    }
    if (!created.fresh()) {
      Files.deleteIfExists(root); // lost a race with the same token: the winner's stands
      return describeOne(created.fileSystem().getFileSystemId());
    }
    if (due != 0) {
      timers.after(latency, "creation of " + id, () -> completeCreate(id));
    }
    return describeOne(id);
  }

  /** Deletes a file system without access points; its tree goes with it. */
  public void delete(String fileSystemId) {
    Checks.fileSystemId("file_system_id", fileSystemId);
    Duration latency = simulation.latency("DeleteFileSystem");
    boolean removedNow = db.write(c -> {
      FileSystem fs = find(c, fileSystemId);
      int accessPoints = AccessPointRows.countOf(c, fileSystemId);
      if (accessPoints > 0) {
        throw BackendErrors.error(FILE_SYSTEM_IN_USE,
            "file system %s still has %d access points".formatted(fileSystemId, accessPoints),
            fileSystemId);
      }
      if (fs.getState() == LifeCycleState.LIFE_CYCLE_DELETING) {
        return false;
      }
      if (!latency.isZero()) {
        FileSystemRows.update(c, fs.toBuilder().setState(LifeCycleState.LIFE_CYCLE_DELETING)
            .build(), clock.millis() + latency.toMillis());
        return false;
      }
      remove(c, fileSystemId);
      return true;
    });
    if (removedNow) {
      removeTree(fileSystemId);
    } else if (!latency.isZero()) {
      timers.after(latency, "deletion of " + fileSystemId, () -> completeDelete(fileSystemId));
    }
  }

  public FileSystem describeOne(String fileSystemId) {
    Checks.fileSystemId("file_system_id", fileSystemId);
    return db.read(c -> view(c, find(c, fileSystemId)));
  }

  public DescribeFileSystemsResponse describe(DescribeFileSystemsRequest request) {
    int max = Checks.maxResults(request.getMaxResults());
    if (request.getFileSystemIdsCount() > 0) {
      request.getFileSystemIdsList().forEach(id -> Checks.fileSystemId("file_system_ids", id));
      return db.read(c -> {
        DescribeFileSystemsResponse.Builder response = DescribeFileSystemsResponse.newBuilder();
        for (String id : request.getFileSystemIdsList().stream().distinct().sorted().toList()) {
          response.addFileSystems(view(c, find(c, id)));
        }
        return response.build();
      });
    }
    if (!request.getCreationToken().isEmpty()) {
      return db.read(c -> {
        DescribeFileSystemsResponse.Builder response = DescribeFileSystemsResponse.newBuilder();
        Optional<FileSystemRows.Stored> stored =
            FileSystemRows.findByToken(c, request.getCreationToken());
        if (stored.isPresent()) {
          response.addFileSystems(view(c, stored.get().fileSystem()));
        }
        return response.build();
      });
    }
    String after = PageTokens.decode(ResourceIds.FILE_SYSTEM, request.getNextToken());
    return db.read(c -> {
      KeysetPages.Page<FileSystem> page = KeysetPages.collect(
          (cursor, limit) -> FileSystemRows.page(c, cursor, limit), FileSystem::getFileSystemId,
          fs -> true, after, max);
      List<FileSystem> views = new ArrayList<>();
      for (FileSystem fs : page.items()) {
        views.add(view(c, fs));
      }
      return DescribeFileSystemsResponse.newBuilder()
          .addAllFileSystems(views)
          .setNextToken(page.nextToken())
          .build();
    });
  }

  public List<MountTarget> mountTargets(String fileSystemId) {
    Checks.fileSystemId("file_system_id", fileSystemId);
    return db.read(c -> {
      find(c, fileSystemId);
      return MountTargetRows.ofFileSystem(c, fileSystemId);
    });
  }

  /** Takes the mount target of {@code zone} down (mounts fail) or brings it back. */
  public MountTarget setMountTargetAvailable(String fileSystemId, String zone, boolean available) {
    Checks.fileSystemId("file_system_id", fileSystemId);
    return db.write(c -> {
      find(c, fileSystemId);
      MountTarget target = MountTargetRows.inZone(c, fileSystemId, zone)
          .orElseThrow(() -> BackendErrors.error(MOUNT_TARGET_NOT_FOUND,
              "file system %s has no mount target in zone '%s'".formatted(fileSystemId, zone),
              fileSystemId));
      MountTarget changed = target.toBuilder().setReachable(available).build();
      MountTargetRows.update(c, changed);
      return changed;
    });
  }

  /** The file system whose creation token is {@code token}, creating it when it is missing. */
  public FileSystem ensure(String token) throws IOException {
    return create(CreateFileSystemRequest.newBuilder().setCreationToken(token).build());
  }

  /** Ends a CREATING state (timer or recovery), of the file system and its mount targets. */
  public void completeCreate(String fileSystemId) {
    db.write(c -> {
      Optional<FileSystemRows.Stored> stored = FileSystemRows.find(c, fileSystemId);
      if (stored.isPresent()
          && stored.get().fileSystem().getState() == LifeCycleState.LIFE_CYCLE_CREATING) {
        FileSystemRows.update(c, stored.get().fileSystem().toBuilder()
            .setState(LifeCycleState.LIFE_CYCLE_AVAILABLE).build(), 0);
        for (MountTarget target : MountTargetRows.ofFileSystem(c, fileSystemId)) {
          MountTargetRows.update(c,
              target.toBuilder().setState(LifeCycleState.LIFE_CYCLE_AVAILABLE).build());
        }
      }
      return null;
    });
  }

  /** Ends a DELETING state (timer or recovery): the row goes, then the tree. */
  public void completeDelete(String fileSystemId) {
    boolean removed = db.write(c -> {
      Optional<FileSystemRows.Stored> stored = FileSystemRows.find(c, fileSystemId);
      if (stored.isPresent()
          && stored.get().fileSystem().getState() == LifeCycleState.LIFE_CYCLE_DELETING) {
        remove(c, fileSystemId);
        return true;
      }
      return false;
    });
    if (removed) {
      removeTree(fileSystemId);
    }
  }

  /** Completes every transitional state; run once at start, before serving. */
  public void recover() {
    db.read(c -> FileSystemRows.inState(c, LifeCycleState.LIFE_CYCLE_CREATING))
        .forEach(s -> completeCreate(s.fileSystem().getFileSystemId()));
    db.read(c -> FileSystemRows.inState(c, LifeCycleState.LIFE_CYCLE_DELETING))
        .forEach(s -> completeDelete(s.fileSystem().getFileSystemId()));
  }

  public static RuntimeException notFound(String fileSystemId) {
    return BackendErrors.error(FILE_SYSTEM_NOT_FOUND,
        "file system %s does not exist".formatted(fileSystemId), fileSystemId);
  }

  /** The file system's row, or FILE_SYSTEM_NOT_FOUND. */
  public static FileSystem find(Connection c, String fileSystemId) throws SQLException {
    return FileSystemRows.find(c, fileSystemId)
        .orElseThrow(() -> notFound(fileSystemId))
        .fileSystem();
  }

  private FileSystem view(Connection c, FileSystem stored) throws SQLException {
    MeteredSizes.Measured size = sizes.of(stored.getFileSystemId());
    return stored.toBuilder()
        .setNumberOfMountTargets(MountTargetRows.ofFileSystem(c, stored.getFileSystemId()).size())
        .setAccessPointCount(AccessPointRows.countOf(c, stored.getFileSystemId()))
        .setSizeBytes(size.bytes())
        .setSizeTime(Timestamps.ofMillis(size.measuredAtMillis()))
        .build();
  }

  private FileSystem.Builder validated(CreateFileSystemRequest request) {
    boolean provisioned = request.getThroughputMode() == ThroughputMode.PROVISIONED;
    double mibps = request.getProvisionedThroughputMibps();
    if (provisioned && (mibps <= 0 || mibps > MAX_PROVISIONED_MIBPS)) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "provisioned_throughput_mibps: PROVISIONED throughput needs 0 < MiB/s <= %.0f, got %s"
              .formatted(MAX_PROVISIONED_MIBPS, mibps));
    }
    if (!provisioned && mibps != 0) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "provisioned_throughput_mibps: only valid with throughput_mode PROVISIONED");
    }
    Checks.tags(request.getTagsList());
    return FileSystem.newBuilder()
        .setCreationToken(request.getCreationToken())
        .setPerformanceMode(request.getPerformanceMode())
        .setThroughputMode(request.getThroughputMode())
        .setProvisionedThroughputMibps(mibps)
        .setAvailabilityZone(request.getAvailabilityZone())
        .setEncrypted(request.getEncrypted())
        .addAllTags(request.getTagsList());
  }

  /** The mutation: idempotency, zone checks, then the rows of the file system and its targets. */
  private Created insert(Connection c, String token, CreateFileSystemRequest request,
      FileSystem.Builder fs, long due) throws SQLException {
    Optional<FileSystem> existing = sameRequest(c, token, request);
    if (existing.isPresent()) {
      return new Created(existing.get(), false);
    }
    List<String> zones = zonesFor(c, request.getAvailabilityZone());
    FileSystem built = fs.build();
    FileSystemRows.insert(c, built, request.toByteArray(), due);
    for (String zone : zones) {
      MountTargetRows.insert(c, MountTarget.newBuilder()
          .setMountTargetId(ResourceIds.MOUNT_TARGET.newId())
          .setFileSystemId(built.getFileSystemId())
          .setAvailabilityZone(zone)
          .setState(built.getState())
          .setReachable(true)
          .build());
    }
    return new Created(built, true);
  }

  /** One Zone: the named zone, which must exist; Regional: every zone. */
  private static List<String> zonesFor(Connection c, String oneZone) throws SQLException {
    if (oneZone.isEmpty()) {
      return ZoneRows.all(c).stream().map(Zone::getName).toList();
    }
    if (ZoneRows.find(c, oneZone).isEmpty()) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "availability_zone: unknown zone '%s'".formatted(oneZone));
    }
    return List.of(oneZone);
  }

  private static Optional<FileSystem> sameRequest(Connection c, String token,
      CreateFileSystemRequest request) throws SQLException {
    Optional<FileSystemRows.Stored> stored = FileSystemRows.findByToken(c, token);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    IdempotentRequests.requireSame(token, "file system",
        stored.get().fileSystem().getFileSystemId(), stored.get().request(), request);
    return Optional.of(stored.get().fileSystem());
  }

  private static void remove(Connection c, String fileSystemId) throws SQLException {
    FileSystemRows.delete(c, fileSystemId);
    MountTargetRows.deleteOf(c, fileSystemId);
  }

  private void removeTree(String fileSystemId) {
    try {
      ConfinedRemoval.remove(dataDir.fileSystems(), List.of(fileSystemId));
      sizes.forget(fileSystemId);
    } catch (IOException e) {
      // Reconciliation quarantines what is left at the next start.
      log.warn("could not remove the tree of deleted file system {}: {}", fileSystemId,
          e.toString());
    }
  }
}
