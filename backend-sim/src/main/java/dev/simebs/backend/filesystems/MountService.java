package dev.simebs.backend.filesystems;

import static dev.simebs.backend.api.ErrorReason.ACCESS_POINT_NOT_FOUND;
import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.MISSING_PARAMETER;
import static dev.simebs.backend.api.ErrorReason.MOUNT_TARGET_NOT_FOUND;
import static dev.simebs.backend.api.ErrorReason.MOUNT_TARGET_UNAVAILABLE;

import dev.simebs.backend.accesspoints.AccessPointService;
import dev.simebs.backend.accesspoints.RootDirectories;
import dev.simebs.backend.accesspoints.RootPath;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.api.MountRequest;
import dev.simebs.backend.api.MountResponse;
import dev.simebs.backend.api.MountTarget;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.store.Database;
import java.io.IOException;
import java.util.Optional;

/**
 * A client's mount, as the file server sees it: through the mount target of the client's zone
 * (which must exist and be up), of an available file system, optionally through one of its
 * available access points, whose root directory is created here on first use.
 */
public final class MountService {

  private final Database db;
  private final RootDirectories directories;

  public MountService(Database db, RootDirectories directories) {
    this.db = db;
    this.directories = directories;
  }

  private record Checked(MountTarget target, Optional<AccessPoint> accessPoint) {}

  public MountResponse mount(MountRequest request) throws IOException {
    String fileSystemId = Checks.fileSystemId("file_system_id", request.getFileSystemId());
    String zone = request.getZone();
    if (zone.isEmpty()) {
      throw BackendErrors.error(MISSING_PARAMETER, "zone is required");
    }
    Optional<String> accessPointId = request.getAccessPointId().isEmpty()
        ? Optional.empty()
        : Optional.of(Checks.accessPointId("access_point_id", request.getAccessPointId()));
    Checked checked = db.read(c -> {
      FileSystem fs = FileSystemService.find(c, fileSystemId);
      available(fs.getState(), "file system " + fileSystemId);
      MountTarget target = MountTargetRows.inZone(c, fileSystemId, zone)
          .orElseThrow(() -> BackendErrors.error(MOUNT_TARGET_NOT_FOUND,
              "file system %s has no mount target in zone %s%s".formatted(fileSystemId, zone,
                  fs.getAvailabilityZone().isEmpty() ? ""
                      : " (it is a One Zone file system in " + fs.getAvailabilityZone() + ")"),
              fileSystemId));
      available(target.getState(), "mount target " + target.getMountTargetId());
      if (!target.getReachable()) {
        throw BackendErrors.error(MOUNT_TARGET_UNAVAILABLE,
            "mount target %s of %s in zone %s does not answer"
                .formatted(target.getMountTargetId(), fileSystemId, zone), fileSystemId);
      }
      Optional<AccessPoint> ap = Optional.empty();
      if (accessPointId.isPresent()) {
        AccessPoint found = AccessPointService.find(c, accessPointId.get());
        if (!found.getFileSystemId().equals(fileSystemId)) {
          throw BackendErrors.error(ACCESS_POINT_NOT_FOUND,
              "access point %s belongs to %s, not to %s".formatted(accessPointId.get(),
                  found.getFileSystemId(), fileSystemId), accessPointId.get());
        }
        available(found.getState(), "access point " + accessPointId.get());
        ap = Optional.of(found);
      }
      return new Checked(target, ap);
    });

    MountResponse.Builder response =
        MountResponse.newBuilder().setMountTargetId(checked.target().getMountTargetId());
    if (checked.accessPoint().isEmpty()) {
      return response.setRootPath(RootPath.ROOT.text()).build();
    }
    AccessPoint ap = checked.accessPoint().get();
    RootPath root = RootPath.parse("root_directory.path", ap.getRootDirectory().getPath());
    directories.ensure(fileSystemId, root, ap.getRootDirectory().hasCreationInfo()
        ? Optional.of(ap.getRootDirectory().getCreationInfo())
        : Optional.empty());
    response.setRootPath(root.text());
    if (ap.hasPosixUser()) {
      response.setPosixUser(ap.getPosixUser());
    }
    return response.build();
  }

  private static void available(LifeCycleState state, String what) {
    if (state != LifeCycleState.LIFE_CYCLE_AVAILABLE) {
      throw BackendErrors.error(INCORRECT_STATE, what + " is " + state + ", not available");
    }
  }
}
