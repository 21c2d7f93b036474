package dev.simebs.backend;

import dev.simebs.backend.attachments.AttachmentService;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.files.NativeFiles;
import dev.simebs.backend.filesystems.FileSystemBackend;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.grpc.AdminService;
import dev.simebs.backend.grpc.BackendService;
import dev.simebs.backend.metrics.BackendMetrics;
import dev.simebs.backend.model.Views;
import dev.simebs.backend.modifications.ModificationService;
import dev.simebs.backend.nodes.NodeService;
import dev.simebs.backend.reconcile.Reconciler;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.snapshots.SnapshotService;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import dev.simebs.backend.tags.TagService;
import dev.simebs.backend.volumes.VolumeService;
import dev.simebs.backend.zones.ZoneRows;
import dev.simebs.backend.zones.ZoneService;
import io.grpc.BindableService;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * backend-sim, assembled: opens the data directory and its database, finishes what a crash left
 * in transition, reconciles files with metadata, and offers the Backend and Admin gRPC services
 * for a server (standalone) or an in-process channel (all-in-one, tests).
 */
public final class BackendSim implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackendSim.class);
  private static final int READERS = 4;

  private final Database db;
  private final Timers timers;
  private final List<BindableService> driverServices;
  private final List<BindableService> adminServices;
  private final Optional<FileSystem> defaultFileSystem;
  private volatile boolean ready;

  private BackendSim(Database db, Timers timers, List<BindableService> driverServices,
      List<BindableService> adminServices, Optional<FileSystem> defaultFileSystem) {
    this.db = db;
    this.timers = timers;
    this.driverServices = driverServices;
    this.adminServices = adminServices;
    this.defaultFileSystem = defaultFileSystem;
  }

  public static BackendSim open(BackendConfig config) throws IOException {
    return open(config, new PrometheusRegistry());
  }

  /** Opens the backend with its series (objects, zones, commits, refusals) in {@code metrics}. */
  public static BackendSim open(BackendConfig config, PrometheusRegistry metrics) throws IOException {
    DataDir dataDir = new DataDir(config.dataDir());
    dataDir.create();
    Database db = Database.open(dataDir.database(), READERS, ImageFiles::syncDirectory);
    Timers timers = new Timers();
    try {
      db.write(c -> {
        ZoneRows.configure(c, config.zones());
        return null;
      });
      NativeFiles nativeFiles = new NativeFiles();
      ImageFiles files = new ImageFiles(nativeFiles);
      Simulation simulation =
          new Simulation(config.simulation(), System::nanoTime, new Random());
      VolumeService volumes = new VolumeService(db, dataDir, files, simulation, timers,
          config.clock());
      AttachmentService attachments = new AttachmentService(db, simulation, timers,
          config.clock(), new Views(dataDir), config.defaultAttachmentLimit());
      SnapshotService snapshots = new SnapshotService(db, dataDir, files, simulation, timers,
          config.clock());
      ModificationService modifications = new ModificationService(db, dataDir, files,
          simulation, timers, config.clock());

      volumes.recover();
      attachments.recover();
      snapshots.recover();
      modifications.recover();
      Reconciler.Report report = new Reconciler(db, dataDir, files).run();

      ZoneService zones = new ZoneService(db);
      BackendMetrics.register(metrics, db, zones, simulation);
      BackendService.Domain domain = new BackendService.Domain(volumes, modifications,
          attachments, snapshots, new TagService(db), zones,
          new NodeService(db, config.defaultAttachmentLimit(), config.zonesFromNodes()));
      FileSystemBackend fileSystems = FileSystemBackend.open(db, dataDir, simulation, timers,
          config.clock(), nativeFiles, config.fileSystems());
      BackendSim sim = new BackendSim(db, timers,
          List.of(new BackendService(domain, simulation), fileSystems.api()),
          List.of(new AdminService(simulation, volumes), fileSystems.admin()),
          fileSystems.defaultFileSystem());
      sim.ready = true;
      log.info("backend-sim ready: data in {} ({})", dataDir.root(), report);
      return sim;
    } catch (IOException | RuntimeException e) {
      timers.close();
      db.close();
      throw e;
    }
  }

  /** The file system made at start from the settings' creation token, if one was asked for. */
  public Optional<FileSystem> defaultFileSystem() {
    return defaultFileSystem;
  }

  /** Every service (Backend, FileSystems and both admin services), for an in-process channel. */
  public List<BindableService> services() {
    List<BindableService> all = new ArrayList<>(driverServices);
    all.addAll(adminServices);
    return List.copyOf(all);
  }

  /** What the drivers call: the Backend and FileSystems services. */
  public List<BindableService> driverServices() {
    return driverServices;
  }

  /** Simulation knobs and faults (Admin, FileSystemAdmin): served apart, with their own credential. */
  public List<BindableService> adminServices() {
    return adminServices;
  }

  /** True once recovery and reconciliation finished, until close. */
  public boolean ready() {
    return ready;
  }

  /** How group commit has been doing since start (mutations per commit, fsync costs). */
  public String commitStats() {
    return db.commitStats();
  }

  @Override
  public void close() {
    ready = false;
    log.info("closing backend-sim: {}", db.commitStats());
    timers.close();
    db.close();
  }
}
