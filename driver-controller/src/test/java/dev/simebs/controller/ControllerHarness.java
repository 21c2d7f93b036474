package dev.simebs.controller;

import csi.v1.ControllerGrpc;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.IdentityGrpc;
import csi.v1.Snapshot;
import csi.v1.Volume;
import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeCapability;
import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.RetryPolicy;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.AdvertisedSpec;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.common.inflight.ControllerInFlight;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The controller as the sidecars see it: Identity and Controller on a real unix socket (with the
 * call logger), over an embedded backend-sim on a temporary data directory. Helpers build the
 * common requests so tests read as the rule they check.
 */
public final class ControllerHarness implements AutoCloseable {

  /** Fast retries and polls, so fault tests stay short; deadlines as in production. */
  public static final ControllerConfig CONFIG =
      new ControllerConfig(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMillis(5),
          Duration.ofMillis(50),
          new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(40), 2.0),
          AdvertisedSpec.DEFAULT);

  public static final long GIB = 1L << 30;
  public static final String ZONE_A = "sim-a";
  public static final String ZONE_B = "sim-b";
  /** Nodes registered with the backend: two in zone A, one in zone B. */
  public static final String NODE_A = "node-a";
  public static final String NODE_A2 = "node-a2";
  public static final String NODE_B = "node-b";

  private final Path dir;
  private final ControllerConfig config;
  /** A fresh one for each controller started: a restarted process has new series. */
  private final Supplier<ControllerTelemetry> telemetry;
  private final BackendConfig backendConfig;
  private BackendSim sim;
  private BackendConnection backend;
  private final ControllerInFlight inFlight = new ControllerInFlight();
  private GrpcServer server;
  private ManagedChannel channel;

  private ControllerHarness(
      Path dir, ControllerConfig config, Supplier<ControllerTelemetry> telemetry,
      BackendConfig backendConfig, BackendSim sim, BackendConnection backend) {
    this.dir = dir;
    this.config = config;
    this.telemetry = telemetry;
    this.backendConfig = backendConfig;
    this.sim = sim;
    this.backend = backend;
  }

  public static ControllerHarness start(Path dir) throws IOException {
    return start(dir, CONFIG);
  }

  /** With another controller configuration, e.g. advertising another spec version. */
  public static ControllerHarness start(Path dir, ControllerConfig config) throws IOException {
    return start(dir, config, ControllerTelemetry::none, UnaryOperator.identity());
  }

  /** With the controller's metrics and events going where a test can read them. */
  public static ControllerHarness start(Path dir, ControllerConfig config, ControllerTelemetry telemetry)
      throws IOException {
    return start(dir, config, () -> telemetry, UnaryOperator.identity());
  }

  /** With a backend configured otherwise, e.g. in its own reflink volume store. */
  public static ControllerHarness start(Path dir, ControllerConfig config, UnaryOperator<BackendConfig> backend)
      throws IOException {
    return start(dir, config, ControllerTelemetry::none, backend);
  }

  private static ControllerHarness start(Path dir, ControllerConfig config,
      Supplier<ControllerTelemetry> telemetry, UnaryOperator<BackendConfig> backend)
      throws IOException {
    BackendConfig backendConfig = backend.apply(BackendConfig.defaults(dir.resolve("data")));
    BackendSim sim = BackendSim.open(backendConfig);
    ControllerHarness harness = new ControllerHarness(dir, config, telemetry, backendConfig, sim,
        BackendConnection.inProcess(sim.services()));
    harness.registerNode(NODE_A, ZONE_A, 0);
    harness.registerNode(NODE_A2, ZONE_A, 0);
    harness.registerNode(NODE_B, ZONE_B, 0);
    harness.startController();
    return harness;
  }

  private void startController() throws IOException {
    ControllerPlugin plugin = new ControllerPlugin(backend.backend(), config, telemetry.get(), inFlight);
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("csi.sock"));
    server =
        GrpcServer.start(
            endpoint,
            List.of(new IdentityService(plugin.pluginCapabilities(), plugin::ready), plugin.service()),
            List.of(new CallLogger()),
            Duration.ofSeconds(1));
    channel = Channels.open(endpoint);
  }

  /** Stops the controller process and starts a fresh one (no memory kept) on the same backend. */
  public void restartController() throws IOException {
    closeController();
    startController();
  }

  /**
   * Stops the backend and starts it again on the same data directory (its start-up
   * reconciliation runs), then a fresh controller on it.
   */
  public void restartBackend() throws IOException {
    closeController();
    backend.close();
    sim.close();
    sim = BackendSim.open(backendConfig);
    backend = BackendConnection.inProcess(sim.services());
    startController();
  }

  /** Makes every backend call fail, so a test can tell which answers need none. */
  public void failEveryBackendCall() {
    admin()
        .addFault(
            FaultRule.newBuilder()
                .setOperation("*")
                .setReason(ErrorReason.INTERNAL_ERROR)
                .setProbability(1.0)
                .setMessage("the test lets no backend call through")
                .build());
  }

  /** The Controller service, with a 30 s deadline as a sidecar would set. */
  public ControllerGrpc.ControllerBlockingStub controller() {
    return controller(Duration.ofSeconds(30));
  }

  public ControllerGrpc.ControllerBlockingStub controller(Duration deadline) {
    return ControllerGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public IdentityGrpc.IdentityBlockingStub identity() {
    return IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** The embedded backend, to wait for its background copies and count them. */
  public BackendSim sim() {
    return sim;
  }

  /** The backend's own API, to arrange and inspect what the controller did. */
  public BackendGrpc.BackendBlockingStub backend() {
    return backend.backend();
  }

  /** The backend's simulation knobs: latency, faults, stuck attachments. */
  public AdminGrpc.AdminBlockingStub admin() {
    return backend.admin();
  }

  /** The controller's in-flight guard, to hold an object busy deterministically. */
  public ControllerInFlight inFlight() {
    return inFlight;
  }

  public void simulate(SimulationConfig config) {
    admin().setSimulation(config);
  }

  public void registerNode(String nodeId, String zone, int attachmentLimit) {
    backend()
        .registerNode(
            RegisterNodeRequest.newBuilder().setNodeId(nodeId).setZone(zone).setAttachmentLimit(attachmentLimit).build());
  }

  public dev.simebs.backend.api.Volume backendVolume(String volumeId) {
    return backend().describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(volumeId).build()).getVolumes(0);
  }

  public List<dev.simebs.backend.api.Volume> backendVolumes() {
    return backend().describeVolumes(DescribeVolumesRequest.getDefaultInstance()).getVolumesList();
  }

  // ---------------------------------------------------------------- request helpers

  public static VolumeCapability mount(Mode mode) {
    return mount("", mode);
  }

  public static VolumeCapability mount(String fsType, Mode mode) {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.newBuilder().setFsType(fsType))
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  public static VolumeCapability block(Mode mode) {
    return VolumeCapability.newBuilder()
        .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  public static VolumeCapability singleWriterMount() {
    return mount(Mode.SINGLE_NODE_WRITER);
  }

  /** A 1 GiB single-writer mount volume request, adjusted by {@code adjust}. */
  public static CreateVolumeRequest volumeRequest(String name, UnaryOperator<CreateVolumeRequest.Builder> adjust) {
    return adjust
        .apply(
            CreateVolumeRequest.newBuilder()
                .setName(name)
                .setCapacityRange(csi.v1.CapacityRange.newBuilder().setRequiredBytes(GIB))
                .addVolumeCapabilities(singleWriterMount()))
        .build();
  }

  public Volume createVolume(String name) {
    return createVolume(name, b -> b);
  }

  public Volume createVolume(String name, UnaryOperator<CreateVolumeRequest.Builder> adjust) {
    return controller().createVolume(volumeRequest(name, adjust)).getVolume();
  }

  /** A volume that must be placed in {@code zone}. */
  public Volume createVolumeIn(String zone, String name) {
    csi.v1.TopologyRequirement inZone =
        csi.v1.TopologyRequirement.newBuilder().addRequisite(dev.simebs.controller.topology.ZoneTopology.of(zone)).build();
    return createVolume(name, b -> b.setAccessibilityRequirements(inZone));
  }

  public static ControllerPublishVolumeRequest publishRequest(String volumeId, String nodeId) {
    return ControllerPublishVolumeRequest.newBuilder()
        .setVolumeId(volumeId)
        .setNodeId(nodeId)
        .setVolumeCapability(singleWriterMount())
        .build();
  }

  public ControllerPublishVolumeResponse publish(String volumeId, String nodeId) {
    return controller().controllerPublishVolume(publishRequest(volumeId, nodeId));
  }

  public Snapshot createSnapshot(String name, String volumeId) {
    return controller()
        .createSnapshot(CreateSnapshotRequest.newBuilder().setName(name).setSourceVolumeId(volumeId).build())
        .getSnapshot();
  }

  private void closeController() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void close() {
    closeController();
    backend.close();
    sim.close();
  }
}
