package dev.simebs.node;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.common.paths.PathRules;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.MountTable;
import dev.simebs.common.sys.ToolJobs;
import dev.simebs.common.sys.ToolRunner;
import dev.simebs.node.device.Attachments;
import dev.simebs.node.device.BackendAttachments;
import dev.simebs.node.device.BlockHolds;
import dev.simebs.node.device.DeviceOwnership;
import dev.simebs.node.device.DeviceRelease;
import dev.simebs.node.ephemeral.EphemeralVolumes;
import dev.simebs.node.fs.FileSystems;
import dev.simebs.node.metrics.CloudPerformance;
import dev.simebs.node.metrics.ProvisionedPerformance;
import dev.simebs.node.metrics.VolumeIoMetrics;
import dev.simebs.node.path.SafePaths;
import dev.simebs.node.reconcile.StartupReconciler;
import dev.simebs.node.registration.BackendRegistration;
import dev.simebs.node.request.BackingFiles;
import dev.simebs.node.request.NodeRequests;
import dev.simebs.node.volume.CloudVolumeHealth;
import dev.simebs.node.volume.Expander;
import dev.simebs.node.volume.NodePublisher;
import dev.simebs.node.volume.Stager;
import dev.simebs.node.volume.VolumeDevices;
import dev.simebs.node.volume.VolumeHealth;
import dev.simebs.node.volume.VolumeLocator;
import dev.simebs.node.volume.VolumeStats;
import io.grpc.BindableService;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node plugin, wired: reconciles what a previous run left, offers the CSI Node service for a
 * gRPC server (its own, or the all-in-one one) at once, and registers the node with the backend
 * in the background.
 */
public final class NodePlugin implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodePlugin.class);

  private final NodeService service;
  private final StartupReconciler.Report reconciliation;
  private final Optional<BackendRegistration> registration;
  private final ToolJobs jobs;
  private final BlockHolds holds;
  private final Optional<VolumeIoMetrics> ioMetrics;
  private volatile boolean ready;

  private NodePlugin(
      NodeService service,
      StartupReconciler.Report reconciliation,
      Optional<BackendRegistration> registration,
      ToolJobs jobs,
      BlockHolds holds,
      Optional<VolumeIoMetrics> ioMetrics) {
    this.service = service;
    this.reconciliation = reconciliation;
    this.registration = registration;
    this.jobs = jobs;
    this.holds = holds;
    this.ioMetrics = ioMetrics;
    this.ready = true;
  }

  /**
   * Starts the node: reconciles leftovers, then registers it with {@code backend} (when given) in
   * the background; the returned plugin serves before the backend has answered.
   *
   * @throws IOException if the node's tables cannot be read or reconciliation fails
   * @throws IllegalArgumentException if an allowed root does not exist or is a system directory
   */
  public static NodePlugin start(
      NodeConfig config, Optional<BackendGrpc.BackendBlockingStub> backend)
      throws IOException, InterruptedException {
    return start(config, backend, Optional.empty());
  }

  /**
   * Like {@link #start(NodeConfig, Optional)}, and when {@code metrics} is given, reports each
   * staged volume's I/O there (sampling its loop device every second).
   */
  public static NodePlugin start(
      NodeConfig config,
      Optional<BackendGrpc.BackendBlockingStub> backend,
      Optional<PrometheusRegistry> metrics)
      throws IOException, InterruptedException {
    // The node's own directory, made and resolved now, so its handles never meet a link.
    Path ephemeralDir = Files.createDirectories(config.ephemeralDir()).toRealPath();
    PathRules rules = PathRules.of(config.allowedRoots(), config.ownDirectories());
    LinuxSystem system = new LinuxSystem();
    MountTable mounts = MountTable.ofThisProcess();
    LoopDevices loops = new LoopDevices(system);
    DeviceOwnership ownership = new DeviceOwnership(loops, config.nodeId());
    BlockHolds holds = new BlockHolds(ownership);
    DeviceRelease release =
        new DeviceRelease(
            loops,
            config.nodeId(),
            backend.<Attachments>map(BackendAttachments::new).orElse(Attachments.unrecorded()),
            holds);
    VolumeDevices devices = new VolumeDevices(loops, mounts, ownership, holds, release);
    SafePaths paths = new SafePaths(system, mounts);
    ToolRunner tools = new ToolRunner(config.toolTimeout());
    ToolJobs jobs = new ToolJobs(tools, new GrpcCallerWatch());
    FileSystems fileSystems = new FileSystems(tools, jobs);
    BackingFiles backingFiles = new BackingFiles(config.backendDataDir());
    Stager stager = new Stager(devices, fileSystems, system, paths, backingFiles);
    NodePublisher publisher = new NodePublisher(devices, system, paths);
    VolumeLocator locator = new VolumeLocator(devices, paths);
    VolumeHealth health =
        backend.<VolumeHealth>map(CloudVolumeHealth::new).orElse(VolumeHealth.unknown());
    EphemeralVolumes ephemeral =
        new EphemeralVolumes(
            backend,
            config.nodeId(),
            config.zone(),
            ephemeralDir,
            stager,
            publisher,
            backingFiles,
            config.toolTimeout());
    StartupReconciler.Report report =
        new StartupReconciler(
                devices, release, config.backendDataDir(), ephemeral, ephemeralDir, backend)
            .reconcile();
    NodeService service =
        new NodeService(
            config,
            new NodeRequests(rules, backingFiles, config.inlineLimits()),
            stager,
            publisher,
            new Expander(locator, devices, fileSystems),
            new VolumeStats(locator, devices, system, health),
            ephemeral);
    Optional<BackendRegistration> registration =
        backend.map(stub -> BackendRegistration.start(stub, registerRequest(config)));
    log.info(
        "node {} in zone {} is ready (up to {} volumes)",
        config.nodeId(),
        config.zone().orElse("(none)"),
        config.maxVolumesPerNode());
    Optional<VolumeIoMetrics> ioMetrics =
        metrics.map(
            registry ->
                VolumeIoMetrics.start(
                    registry,
                    devices,
                    config.backendDataDir(),
                    backend
                        .<ProvisionedPerformance>map(
                            stub -> new CloudPerformance(stub, Duration.ofMinutes(1), System::nanoTime))
                        .orElse(ProvisionedPerformance.unknown()),
                    config.nodeId()));
    return new NodePlugin(service, report, registration, jobs, holds, ioMetrics);
  }

  /** The CSI Node service. */
  public BindableService service() {
    return service;
  }

  /** True from start (reconciled and serving) until closed; registration is not waited for. */
  public boolean ready() {
    return ready;
  }

  /** The background registration with the backend, when the node has one. */
  public Optional<BackendRegistration> registration() {
    return registration;
  }

  /** What start-up reconciliation kept, detached and released. */
  public StartupReconciler.Report reconciliation() {
    return reconciliation;
  }

  /**
   * Stops the node: waits for tools that rewrite a file system to finish (they are never stopped
   * halfway), then lets go of the raw-block devices it holds open. Mounts and loop devices stay:
   * kubelet still relies on them after this process exits.
   */
  @Override
  public void close() {
    ready = false;
    ioMetrics.ifPresent(VolumeIoMetrics::close);
    registration.ifPresent(BackendRegistration::close);
    jobs.awaitAll();
    holds.close();
  }

  /** A node without a zone registers with an empty one; the backend says why it refuses it. */
  private static RegisterNodeRequest registerRequest(NodeConfig config) {
    return RegisterNodeRequest.newBuilder()
        .setNodeId(config.nodeId())
        .setZone(config.zone().orElse(""))
        .setAttachmentLimit(config.maxVolumesPerNode())
        .build();
  }
}
