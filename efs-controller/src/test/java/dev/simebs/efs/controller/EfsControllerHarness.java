package dev.simebs.efs.controller;

import csi.v1.ControllerGrpc;
import csi.v1.CreateVolumeRequest;
import csi.v1.IdentityGrpc;
import csi.v1.Volume;
import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeCapability;
import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.backend.filesystems.FileSystemSettings;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.RetryPolicy;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.IdentityService;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The EFS controller as the provisioner sidecar sees it: Identity and Controller on a real unix
 * socket, over an embedded backend-sim with one file system. Helpers build the usual requests.
 */
final class EfsControllerHarness implements AutoCloseable {

  static final long GIB = 1L << 30;

  private final BackendSim sim;
  private final BackendConnection backend;
  private final GrpcServer server;
  private final ManagedChannel channel;
  private final String fileSystemId;

  private EfsControllerHarness(BackendSim sim, BackendConnection backend, GrpcServer server,
      ManagedChannel channel, String fileSystemId) {
    this.sim = sim;
    this.backend = backend;
    this.server = server;
    this.channel = channel;
    this.fileSystemId = fileSystemId;
  }

  static EfsControllerHarness start(Path dir) throws IOException {
    return start(dir, UnaryOperator.identity(), false);
  }

  static EfsControllerHarness start(Path dir, UnaryOperator<FileSystemSettings> settings,
      boolean deleteRootDir) throws IOException {
    Path data = dir.resolve("data");
    BackendSim sim = BackendSim.open(BackendConfig.defaults(data)
        .withFileSystems(settings.apply(FileSystemSettings.defaults())));
    BackendConnection backend = BackendConnection.inProcess(sim.services());
    String fs = backend.fileSystems().createFileSystem(CreateFileSystemRequest.newBuilder()
        .setCreationToken("shared").build()).getFileSystem().getFileSystemId();
    EfsControllerConfig base = new EfsControllerConfig(false, Optional.empty(),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(5),
        Duration.ofMillis(50), new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(40), 2.0));
    EfsControllerPlugin plugin = new EfsControllerPlugin(backend.fileSystems(),
        deleteRootDir ? base.withDeleteAccessPointRootDir(data) : base);
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("efs.sock"));
    GrpcServer server = GrpcServer.start(endpoint,
        List.of(new IdentityService(EfsDriverInfo.DRIVER_NAME, plugin.pluginCapabilities(),
            plugin::ready), plugin.service()),
        List.of(new CallLogger()), Duration.ofSeconds(1));
    return new EfsControllerHarness(sim, backend, server, Channels.open(endpoint), fs);
  }

  String fileSystemId() {
    return fileSystemId;
  }

  ControllerGrpc.ControllerBlockingStub controller() {
    return ControllerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  IdentityGrpc.IdentityBlockingStub identity() {
    return IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  FileSystemsGrpc.FileSystemsBlockingStub fileSystems() {
    return backend.fileSystems();
  }

  AdminGrpc.AdminBlockingStub admin() {
    return backend.admin();
  }

  /** The parameters of a StorageClass for the harness's file system, plus {@code extra}. */
  Map<String, String> parameters(String... extra) {
    Map<String, String> parameters = new HashMap<>(Map.of(
        "provisioningMode", "efs-ap",
        "fileSystemId", fileSystemId,
        "directoryPerms", "700"));
    for (int i = 0; i < extra.length; i += 2) {
      parameters.put(extra[i], extra[i + 1]);
    }
    return parameters;
  }

  static VolumeCapability mount(Mode mode) {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.getDefaultInstance())
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  CreateVolumeRequest.Builder request(String name, String... extraParameters) {
    return CreateVolumeRequest.newBuilder()
        .setName(name)
        .addVolumeCapabilities(mount(Mode.MULTI_NODE_MULTI_WRITER))
        .putAllParameters(parameters(extraParameters));
  }

  Volume create(String name, String... extraParameters) {
    return controller().createVolume(request(name, extraParameters).build()).getVolume();
  }

  /** The access point behind a dynamically provisioned volume. */
  AccessPoint accessPoint(Volume volume) {
    String id = VolumeHandle.parse(volume.getVolumeId()).accessPointId().orElseThrow();
    return fileSystems().describeAccessPoints(DescribeAccessPointsRequest.newBuilder()
        .addAccessPointIds(id).build()).getAccessPoints(0);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.close();
    backend.close();
    sim.close();
  }
}
