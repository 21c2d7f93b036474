package dev.simebs.backend.accesspoints;

import static dev.simebs.backend.api.ErrorReason.ACCESS_POINT_LIMIT_EXCEEDED;
import static dev.simebs.backend.api.ErrorReason.ACCESS_POINT_NOT_FOUND;
import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.DescribeAccessPointsResponse;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.api.PosixUser;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.filesystems.FileSystemService;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.model.Filters;
import dev.simebs.backend.model.IdempotentRequests;
import dev.simebs.backend.model.KeysetPages;
import dev.simebs.backend.model.PageTokens;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Access points: create (within the per-file-system quota), delete, describe. Creating one
 * makes no directory: its root directory appears on first use ({@link RootDirectories}), and
 * deleting one leaves the directory and its data in place, as with EFS.
 */
public final class AccessPointService {

  public static final long MAX_ID = 4_294_967_295L;
  public static final int MAX_SECONDARY_GIDS = 16;

  private final Database db;
  private final Simulation simulation;
  private final Timers timers;
  private final Clock clock;
  private final int limit;

  public AccessPointService(Database db, Simulation simulation, Timers timers, Clock clock,
      int limit) {
    this.db = db;
    this.simulation = simulation;
    this.timers = timers;
    this.clock = clock;
    this.limit = limit;
  }

  private record Created(AccessPoint accessPoint, boolean fresh) {}

  public AccessPoint create(CreateAccessPointRequest request) {
    String fileSystemId = Checks.fileSystemId("file_system_id", request.getFileSystemId());
    String token = Checks.clientToken(request.getClientToken());
    AccessPoint.Builder ap = validated(request);
    if (token != null) {
      Optional<AccessPoint> existing = db.read(c -> sameRequest(c, token, request));
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    String id = ResourceIds.ACCESS_POINT.newId();
    Duration latency = simulation.latency("CreateAccessPoint");
    long now = clock.millis();
    long due = latency.isZero() ? 0 : now + latency.toMillis();
    ap.setAccessPointId(id)
        .setCreationTime(Timestamps.ofMillis(now))
        .setState(latency.isZero() ? LifeCycleState.LIFE_CYCLE_AVAILABLE
            : LifeCycleState.LIFE_CYCLE_CREATING);
    Created created = db.write(c -> insert(c, token, request, ap.build(), due, fileSystemId));
    if (created.fresh() && due != 0) {
      timers.after(latency, "creation of " + id, () -> complete(id,
          LifeCycleState.LIFE_CYCLE_CREATING));
    }
    return created.accessPoint();
  }

  /** Deletes an access point; its root directory and the data in it stay. */
  public void delete(String accessPointId) {
    Checks.accessPointId("access_point_id", accessPointId);
    Duration latency = simulation.latency("DeleteAccessPoint");
    boolean later = db.write(c -> {
      AccessPoint ap = find(c, accessPointId);
      if (ap.getState() == LifeCycleState.LIFE_CYCLE_DELETING) {
        return false;
      }
      if (latency.isZero()) {
        AccessPointRows.delete(c, accessPointId);
        return false;
      }
      AccessPointRows.update(c, ap.toBuilder().setState(LifeCycleState.LIFE_CYCLE_DELETING)
          .build(), clock.millis() + latency.toMillis());
      return true;
    });
    if (later) {
      timers.after(latency, "deletion of " + accessPointId,
          () -> complete(accessPointId, LifeCycleState.LIFE_CYCLE_DELETING));
    }
  }

  public DescribeAccessPointsResponse describe(DescribeAccessPointsRequest request) {
    int max = Checks.maxResults(request.getMaxResults());
    Predicate<AccessPoint> filter = Filters.accessPoints(request.getFiltersList());
    String fileSystemId = request.getFileSystemId().isEmpty()
        ? ""
        : Checks.fileSystemId("file_system_id", request.getFileSystemId());
    if (request.getAccessPointIdsCount() > 0) {
      request.getAccessPointIdsList().forEach(id -> Checks.accessPointId("access_point_ids", id));
      return db.read(c -> {
        List<AccessPoint> found = new ArrayList<>();
        for (String id : request.getAccessPointIdsList().stream().distinct().sorted().toList()) {
          found.add(find(c, id));
        }
        return DescribeAccessPointsResponse.newBuilder()
            .addAllAccessPoints(found.stream().filter(filter).toList())
            .build();
      });
    }
    Optional<List<String>> tokens = Filters.clientTokens(request.getFiltersList());
    if (tokens.isPresent()) {
      return db.read(c -> {
        List<AccessPoint> found = new ArrayList<>();
        for (String token : tokens.get()) {
          AccessPointRows.findByToken(c, token).ifPresent(s -> found.add(s.accessPoint()));
        }
        return DescribeAccessPointsResponse.newBuilder()
            .addAllAccessPoints(found.stream().filter(filter)
                .filter(a -> fileSystemId.isEmpty() || a.getFileSystemId().equals(fileSystemId))
                .toList())
            .build();
      });
    }
    String after = PageTokens.decode(ResourceIds.ACCESS_POINT, request.getNextToken());
    return db.read(c -> {
      if (!fileSystemId.isEmpty()) {
        FileSystemService.find(c, fileSystemId);
      }
      KeysetPages.Page<AccessPoint> page = KeysetPages.collect(
          (cursor, n) -> AccessPointRows.page(c, fileSystemId, cursor, n),
          AccessPoint::getAccessPointId, filter, after, max);
      return DescribeAccessPointsResponse.newBuilder()
          .addAllAccessPoints(page.items())
          .setNextToken(page.nextToken())
          .build();
    });
  }

  /** Ends a transitional state (timer or recovery): creating becomes available, deleting gone. */
  public void complete(String accessPointId, LifeCycleState from) {
    db.write(c -> {
      Optional<AccessPointRows.Stored> stored = AccessPointRows.find(c, accessPointId);
      if (stored.isEmpty() || stored.get().accessPoint().getState() != from) {
        return null;
      }
      if (from == LifeCycleState.LIFE_CYCLE_DELETING) {
        AccessPointRows.delete(c, accessPointId);
      } else {
        AccessPointRows.update(c, stored.get().accessPoint().toBuilder()
            .setState(LifeCycleState.LIFE_CYCLE_AVAILABLE).build(), 0);
      }
      return null;
    });
  }

  /** Completes every transitional state; run once at start, before serving. */
  public void recover() {
    for (LifeCycleState state : List.of(LifeCycleState.LIFE_CYCLE_CREATING,
        LifeCycleState.LIFE_CYCLE_DELETING)) {
      db.read(c -> AccessPointRows.inState(c, state))
          .forEach(s -> complete(s.accessPoint().getAccessPointId(), state));
    }
  }

  /** The access point's row, or ACCESS_POINT_NOT_FOUND. */
  public static AccessPoint find(Connection c, String accessPointId) throws SQLException {
    return AccessPointRows.find(c, accessPointId)
        .orElseThrow(() -> BackendErrors.error(ACCESS_POINT_NOT_FOUND,
            "access point %s does not exist".formatted(accessPointId), accessPointId))
        .accessPoint();
  }

  private static AccessPoint.Builder validated(CreateAccessPointRequest request) {
    AccessPoint.Builder ap = AccessPoint.newBuilder()
        .setFileSystemId(request.getFileSystemId())
        .setClientToken(request.getClientToken())
        .addAllTags(request.getTagsList());
    if (request.hasPosixUser()) {
      PosixUser user = request.getPosixUser();
      id("posix_user.uid", user.getUid());
      id("posix_user.gid", user.getGid());
      if (user.getSecondaryGidsCount() > MAX_SECONDARY_GIDS) {
        throw BackendErrors.error(INVALID_PARAMETER_VALUE,
            "posix_user.secondary_gids: %d given, at most %d allowed"
                .formatted(user.getSecondaryGidsCount(), MAX_SECONDARY_GIDS));
      }
      user.getSecondaryGidsList().forEach(gid -> id("posix_user.secondary_gids", gid));
      ap.setPosixUser(user);
    }
    RootPath path = RootPath.parse("root_directory.path", request.getRootDirectory().getPath());
    ap.getRootDirectoryBuilder().setPath(path.text());
    if (request.getRootDirectory().hasCreationInfo()) {
      var info = request.getRootDirectory().getCreationInfo();
      id("root_directory.creation_info.owner_uid", info.getOwnerUid());
      id("root_directory.creation_info.owner_gid", info.getOwnerGid());
      Permissions.parse("root_directory.creation_info.permissions", info.getPermissions());
      ap.getRootDirectoryBuilder().setCreationInfo(info);
    }
    Checks.tags(request.getTagsList());
    return ap;
  }

  private static void id(String field, long value) {
    if (value < 0 || value > MAX_ID) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "%s: %d is outside 0-%d".formatted(field, value, MAX_ID));
    }
  }

  /** The mutation: idempotency, the file system's state and the quota, then the row. */
  private Created insert(Connection c, String token, CreateAccessPointRequest request,
      AccessPoint ap, long due, String fileSystemId) throws SQLException {
    if (token != null) {
      Optional<AccessPoint> existing = sameRequest(c, token, request);
      if (existing.isPresent()) {
        return new Created(existing.get(), false);
      }
    }
    FileSystem fs = FileSystemService.find(c, fileSystemId);
    if (fs.getState() != LifeCycleState.LIFE_CYCLE_AVAILABLE) {
      throw BackendErrors.error(INCORRECT_STATE, "file system %s is %s, not available"
          .formatted(fileSystemId, fs.getState()), fileSystemId);
    }
    int count = AccessPointRows.countOf(c, fileSystemId);
    if (count >= limit) {
      throw BackendErrors.error(ACCESS_POINT_LIMIT_EXCEEDED,
          "file system %s already has %d access points, the most allowed"
              .formatted(fileSystemId, count), fileSystemId);
    }
    AccessPointRows.insert(c, ap, token, request.toByteArray(), due);
    return new Created(ap, true);
  }

  private static Optional<AccessPoint> sameRequest(Connection c, String token,
      CreateAccessPointRequest request) throws SQLException {
    Optional<AccessPointRows.Stored> stored = AccessPointRows.findByToken(c, token);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    IdempotentRequests.requireSame(token, "access point",
        stored.get().accessPoint().getAccessPointId(), stored.get().request(), request);
    return Optional.of(stored.get().accessPoint());
  }
}
