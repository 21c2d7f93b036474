package dev.simebs.efs.node;

import csi.v1.ControllerGrpc;
import csi.v1.CreateVolumeRequest;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.efs.controller.EfsControllerConfig;
import dev.simebs.efs.controller.EfsControllerPlugin;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small EFS cluster on one machine: backend-sim serving on a TCP port of 127.0.0.1, the EFS
 * controller beside it (as its provisioner sidecar would reach it), a file system, and node
 * plugins each in a mount namespace of its own.
 */
final class EfsCluster implements AutoCloseable {

  private final Path dir;
  private final BackendSim sim;
  private final GrpcServer backendServer;
  private final BackendConnection backend;
  private final GrpcServer controllerServer;
  private final ManagedChannel controllerChannel;
  private final String fileSystemId;
  private final List<NodeInNamespace> nodes = new ArrayList<>();

  private EfsCluster(Path dir, BackendSim sim, GrpcServer backendServer, BackendConnection backend,
      GrpcServer controllerServer, ManagedChannel controllerChannel, String fileSystemId) {
    this.dir = dir;
    this.sim = sim;
    this.backendServer = backendServer;
    this.backend = backend;
    this.controllerServer = controllerServer;
    this.controllerChannel = controllerChannel;
    this.fileSystemId = fileSystemId;
  }

  static EfsCluster start(Path dir) throws Exception {
    // Pods run as other users and must reach their targets below the test's directory; the
    // backend's data directory stays root's alone, as it is on a real node.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    BackendSim sim = BackendSim.open(BackendConfig.defaults(dir.resolve("data")));
    Files.setPosixFilePermissions(dir.resolve("data"), PosixFilePermissions.fromString("rwx------"));
    GrpcServer backendServer = GrpcServer.start(new Endpoint.Tcp("127.0.0.1", 0), sim.services(),
        List.of(), Duration.ofSeconds(1));
    BackendConnection backend = BackendConnection.remote(
        new Endpoint.Tcp("127.0.0.1", backendServer.port()), java.util.Optional.empty());
    String fs = backend.fileSystems().createFileSystem(CreateFileSystemRequest.newBuilder()
        .setCreationToken("shared").build()).getFileSystem().getFileSystemId();
    EfsControllerPlugin controller =
        new EfsControllerPlugin(backend.fileSystems(), EfsControllerConfig.defaults());
    Endpoint controllerEndpoint = new Endpoint.Unix(dir.resolve("controller.sock"));
    GrpcServer controllerServer = GrpcServer.start(controllerEndpoint,
        List.of(new IdentityService(EfsDriverInfo.DRIVER_NAME, controller.pluginCapabilities(),
            controller::ready), controller.service()),
        List.of(), Duration.ofSeconds(1));
    return new EfsCluster(dir, sim, backendServer, backend, controllerServer,
        Channels.open(controllerEndpoint), fs);
  }

  /** A node plugin in a new mount namespace, in zone sim-a unless told. */
  NodeInNamespace node(String nodeId) throws Exception {
    return node(nodeId, "sim-a");
  }

  NodeInNamespace node(String nodeId, String zone) throws Exception {
    NodeInNamespace node = NodeInNamespace.start(nodeId, zone, dir.resolve(nodeId),
        backendServer.port(), dataDir());
    nodes.add(node);
    return node;
  }

  String fileSystemId() {
    return fileSystemId;
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  /** The directory of the file system's tree that a path inside it names. */
  Path backing(String pathInFileSystem) {
    return dataDir().resolve("filesystems").resolve(fileSystemId)
        .resolve(pathInFileSystem.replaceFirst("^/", ""));
  }

  BackendConnection backend() {
    return backend;
  }

  ControllerGrpc.ControllerBlockingStub controller() {
    return ControllerGrpc.newBlockingStub(controllerChannel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** A dynamically provisioned volume (an access point) with these extra parameters. */
  Volume createVolume(String name, String... extraParameters) {
    Map<String, String> parameters = new HashMap<>(Map.of("provisioningMode", "efs-ap",
        "fileSystemId", fileSystemId, "directoryPerms", "700"));
    for (int i = 0; i < extraParameters.length; i += 2) {
      parameters.put(extraParameters[i], extraParameters[i + 1]);
    }
    return controller().createVolume(CreateVolumeRequest.newBuilder().setName(name)
        .addVolumeCapabilities(capability(Mode.MULTI_NODE_MULTI_WRITER))
        .putAllParameters(parameters).build()).getVolume();
  }

  static VolumeCapability capability(Mode mode) {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.getDefaultInstance())
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode))
        .build();
  }

  static void publish(NodeInNamespace node, String volumeId, Path target, Mode mode) {
    node.node().nodePublishVolume(NodePublishVolumeRequest.newBuilder()
        .setVolumeId(volumeId).setTargetPath(target.toString())
        .setVolumeCapability(capability(mode)).build());
  }

  static void unpublish(NodeInNamespace node, String volumeId, Path target) {
    node.node().nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder()
        .setVolumeId(volumeId).setTargetPath(target.toString()).build());
  }

  @Override
  public void close() throws Exception {
    for (NodeInNamespace node : nodes) {
      node.close();
    }
    controllerChannel.shutdownNow();
    controllerServer.close();
    backend.close();
    backendServer.close();
    sim.close();
  }
}
