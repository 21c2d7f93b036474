package dev.simebs.backend.filesystems;

import dev.simebs.backend.accesspoints.AccessPointService;
import dev.simebs.backend.accesspoints.RootDirectories;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.NativeFiles;
import dev.simebs.backend.grpc.FileSystemAdminApi;
import dev.simebs.backend.grpc.FileSystemApi;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import io.grpc.BindableService;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-system half of the backend, assembled on the shared database, timers and simulation:
 * finishes what a crash left in transition, reconciles trees with rows, makes the default file
 * system when asked, and offers the FileSystems and FileSystemAdmin gRPC services.
 *
 * @param api the FileSystems service, what the EFS drivers call
 * @param admin the FileSystemAdmin service, served with the backend's other admin knobs
 * @param defaultFileSystem the file system made (or found) from the settings' creation token
 */
public record FileSystemBackend(BindableService api, BindableService admin,
    Optional<FileSystem> defaultFileSystem) {

  private static final Logger log = LoggerFactory.getLogger(FileSystemBackend.class);

  public static FileSystemBackend open(Database db, DataDir dataDir, Simulation simulation,
      Timers timers, Clock clock, NativeFiles calls, FileSystemSettings settings)
      throws IOException {
    FileSystemService fileSystems = new FileSystemService(db, dataDir, simulation, timers, clock,
        new MeteredSizes(dataDir, settings.sizeRefresh(), clock));
    AccessPointService accessPoints = new AccessPointService(db, simulation, timers, clock,
        settings.accessPointLimit());
    MountService mounts = new MountService(db, new RootDirectories(dataDir, calls));
    fileSystems.recover();
    accessPoints.recover();
    FileSystemReconciler.Report report = new FileSystemReconciler(db, dataDir).run();
    if (!report.equals(new FileSystemReconciler.Report(0, 0, 0))) {
      log.warn("file-system reconciliation: {}", report);
    }
    Optional<FileSystem> defaultFileSystem = Optional.empty();
    if (settings.defaultFileSystem().isPresent()) {
      FileSystem fs = fileSystems.ensure(settings.defaultFileSystem().get());
      log.info("default file system {} (creation token {})", fs.getFileSystemId(),
          fs.getCreationToken());
      defaultFileSystem = Optional.of(fs);
    }
    return new FileSystemBackend(
        new FileSystemApi(fileSystems, accessPoints, mounts, simulation),
        new FileSystemAdminApi(fileSystems),
        defaultFileSystem);
  }
}
