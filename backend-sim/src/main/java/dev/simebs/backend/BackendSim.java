package dev.simebs.backend;

import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.attachments.AttachmentService;
import dev.simebs.backend.copies.CopyJobs;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.files.ImageReleases;
import dev.simebs.backend.files.NativeFiles;
import dev.simebs.backend.filesystems.FileSystemBackend;
import dev.simebs.backend.grpc.AdminService;
import dev.simebs.backend.grpc.BackendService;
import dev.simebs.backend.metrics.BackendMetrics;
import dev.simebs.backend.model.Views;
import dev.simebs.backend.modifications.ModificationService;
import dev.simebs.backend.nodes.NodeRegistrationService;
import dev.simebs.backend.quarantine.Quarantine;
import dev.simebs.backend.quarantine.QuarantineAdmin;
import dev.simebs.backend.reconcile.Reconciler;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.snapshots.SnapshotService;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import dev.simebs.backend.tags.TagService;
import dev.simebs.backend.volumes.VolumeService;
import dev.simebs.backend.volumestore.HostTools;
import dev.simebs.backend.volumestore.VolumeStore;
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
 * backend-sim, assembled: opens the volume store and the database, finishes what a crash left in
 * transition, reconciles files with metadata, resumes unfinished copies, and offers the Backend
 * and Admin gRPC services for a server (standalone) or an in-process channel (all-in-one, tests).
 */
public final class BackendSim implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackendSim.class);
  private static final int READERS = 4;

  private final Database db;
  private final Timers timers;
  private final CopyJobs copies;
  private final VolumeStore store;
  private final Reconciler.Report reconciliation;
  private final List<BindableService> driverServices;
  private final List<BindableService> adminServices;
  private final Optional<FileSystem> defaultFileSystem;
  private volatile boolean ready;

  private BackendSim(Database db, Timers timers, CopyJobs copies, VolumeStore store,
      Reconciler.Report reconciliation, List<BindableService> driverServices,
      List<BindableService> adminServices, Optional<FileSystem> defaultFileSystem) {
    this.db = db;
    this.timers = timers;
    this.copies = copies;
    this.store = store;
    this.reconciliation = reconciliation;
    this.driverServices = driverServices;
    this.adminServices = adminServices;
    this.defaultFileSystem = defaultFileSystem;
  }

  /** The flag of {@code simebs backend} that allows a start on an empty database. */
  public static final String ALLOW_EMPTY_DATABASE_FLAG = "--allow-empty-database";

  public static BackendSim open(BackendConfig config) throws IOException {
    return open(config, new PrometheusRegistry());
  }

  /** Opens the backend with its series (objects, zones, commits, refusals) in {@code metrics}. */
  public static BackendSim open(BackendConfig config, PrometheusRegistry metrics) throws IOException {
    Simulation simulation = new Simulation(config.simulation(), System::nanoTime, new Random());
    DataDir dataDir = new DataDir(config.dataDir());
    NativeFiles nativeFiles = new NativeFiles();
    ImageFiles files = new ImageFiles(nativeFiles);
    VolumeStore store = VolumeStore.open(dataDir, config.volumeStore(), files, new HostTools());
    Database db;
    try {
      db = Database.open(dataDir.database(), READERS, ImageFiles::syncDirectory);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    Timers timers = new Timers();
    ImageReleases releases = new ImageReleases(dataDir, files);
    CopyJobs copies =
        new CopyJobs(db, dataDir, files, releases, simulation, timers, config.clock());
    try {
      Quarantine quarantine = new Quarantine(store.quarantine(), files, nativeFiles);
      Reconciler reconciler = new Reconciler(db, dataDir, files, quarantine);
      int released = releases.finishAll(db);
      if (released > 0) {
        log.info("removed {} images of deleted volumes and snapshots that a crash had left",
            released);
      }
      reconciler.requireDatabaseFor(config.allowEmptyDatabase(), ALLOW_EMPTY_DATABASE_FLAG);
      db.write(c -> {
        ZoneRows.configure(c, config.zones());
        return null;
      });
      VolumeService volumes = new VolumeService(db, dataDir, files, simulation, timers,
          config.clock(), copies, store.copyMethod(), releases);
      Views views = new Views(dataDir, simulation::stuck);
      AttachmentService attachments = new AttachmentService(db, simulation, timers,
          config.clock(), views, config.defaultAttachmentLimit());
      SnapshotService snapshots = new SnapshotService(db, simulation, copies,
          store.copyMethod(), releases, config.clock());
      ModificationService modifications = new ModificationService(db, dataDir, files,
          simulation, timers, config.clock());
      copies.register(ResourceIds.VOLUME, volumes);
      copies.register(ResourceIds.SNAPSHOT, snapshots);

      volumes.recover();
      attachments.recover();
      snapshots.recover();
      modifications.recover();
      Reconciler.Report report = reconciler.run();
      copies.resumeAll();

      ZoneService zones = new ZoneService(db);
      BackendMetrics.register(metrics, db, zones, simulation, quarantine);
      BackendService.Domain domain = new BackendService.Domain(volumes, modifications,
          attachments, snapshots, new TagService(db), zones,
          new NodeRegistrationService(db, config.defaultAttachmentLimit(), config.zonesFromNodes()));
      QuarantineAdmin quarantineAdmin = new QuarantineAdmin(db, dataDir, views, quarantine,
          files, nativeFiles, config.clock());
      FileSystemBackend fileSystems = FileSystemBackend.open(db, dataDir, simulation, timers,
          config.clock(), nativeFiles, config.fileSystems());
      BackendSim sim = new BackendSim(db, timers, copies, store, report,
          List.of(new BackendService(domain, simulation), fileSystems.api()),
          List.of(new AdminService(simulation, volumes, quarantineAdmin), fileSystems.admin()),
          fileSystems.defaultFileSystem());
      sim.ready = true;
      log.info("backend-sim ready: data in {} ({}; {})", dataDir.root(), report,
          store.description());
      return sim;
    } catch (IOException | RuntimeException e) {
      copies.close();
      timers.close();
      db.close();
      store.close();
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

  /** Which volume store serves, and whether its snapshots and clones are point-in-time. */
  public String volumeStore() {
    return store.description();
  }

  /** How this backend copies images: a reflink (point-in-time) or extent by extent. */
  public CopyMethod copyMethod() {
    return store.copyMethod();
  }

  /** What the start-up reconciliation found and did. */
  public Reconciler.Report reconciliation() {
    return reconciliation;
  }

  /** The background copies (tests wait on them; the count shows that repeats never copy). */
  public CopyJobs copies() {
    return copies;
  }

  /**
   * Stops serving: unfinished copies stop (their rows stay, the next start copies them again),
   * then timers, the database and the store's own mounts, unless a node still uses them.
   */
  @Override
  public void close() {
    ready = false;
    log.info("closing backend-sim: {}", db.commitStats());
    copies.close();
    timers.close();
    db.close();
    store.close();
  }
}
