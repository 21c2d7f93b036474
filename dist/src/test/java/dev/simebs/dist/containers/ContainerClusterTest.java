package dev.simebs.dist.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetInfoResponse;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeContentSource;
import dev.simebs.backend.api.DescribeNodesRequest;
import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.node.cluster.StartupTaint;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * SimEBS as a cluster runs it, one container per component: the backend, the controller and two
 * node plugins with their own node IDs and zones. Each component is restarted in the middle of a
 * volume's life, and the data is read back after each restart; the backend is killed while a
 * node unpublishes. Credentials, the admin port and a driver without a token are checked, and a
 * node takes the in-cluster path against a Kubernetes API (fabric8's mock server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerClusterTest {

  private static final long GIB = 1L << 30;
  private static final String ZONE_KEY = DriverInfo.ZONE_TOPOLOGY_KEY;

  private SimebsContainers env;
  private GenericContainer<?> backend;
  private GenericContainer<?> controller;
  private GenericContainer<?> nodeA;
  private GenericContainer<?> nodeB;
  private ManagedChannel controllerChannel;
  private ManagedChannel nodeAChannel;
  private ManagedChannel nodeBChannel;

  @BeforeAll
  void startTheCluster() throws Exception {
    env = SimebsContainers.open();
    // Fixed zones for the two configured nodes, and zones from the cluster for the third.
    backend = start(env.backend("--zone=sim-a=1000", "--zone=sim-b=1000", "--zones-from-nodes"));
    controller = start(env.controller());
    nodeA = start(env.node("node-a", "sim-a"));
    nodeB = start(env.node("node-b", "sim-b"));
    controllerChannel = Channels.open(new Endpoint.Unix(env.controllerSocket()));
    nodeAChannel = Channels.open(new Endpoint.Unix(env.nodeSocket("node-a")));
    nodeBChannel = Channels.open(new Endpoint.Unix(env.nodeSocket("node-b")));
  }

  @AfterAll
  void stopTheCluster() throws Exception {
    for (ManagedChannel channel : new ManagedChannel[] {controllerChannel, nodeAChannel, nodeBChannel}) {
      if (channel != null) {
        channel.shutdownNow();
      }
    }
    for (GenericContainer<?> container : new GenericContainer<?>[] {nodeA, nodeB, controller, backend}) {
      if (container != null) {
        container.stop();
      }
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  @Order(1)
  void theBackendMadeItsCredentialsAndTheDriversUseThem() throws Exception {
    assertThat(Files.readString(env.credentials.resolve("token"))).hasSizeGreaterThanOrEqualTo(40);
    assertThat(Files.readString(env.credentials.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    try (BackendConnection c = env.backendConnection()) {
      assertThat(c.backend().describeNodes(DescribeNodesRequest.getDefaultInstance()).getNodesList())
          .extracting(n -> n.getNodeId() + "@" + n.getZone())
          .contains("node-a@sim-a", "node-b@sim-b");
    }
  }

  @Test
  @Order(2)
  void aDriverWithoutATokenRefusesToStartSayingWhy() {
    ToStringConsumer output = new ToStringConsumer();
    GenericContainer<?> tokenless = env.container("controller-without-token", SimebsContainers.NON_ROOT)
        .withCommand("controller", "--endpoint=unix://" + env.sockets.resolve("tokenless.sock"),
            "--backend=127.0.0.1:" + env.backendPort)
        .withStartupAttempts(1)
        .withLogConsumer(output)
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(90)));
    try {
      assertThatThrownBy(tokenless::start).as("it exits with an error instead of serving");
      assertThat(output.toUtf8String()).contains("--backend needs --backend-token-file and --backend-ca-file");
    } finally {
      tokenless.stop();
    }
  }

  @Test
  @Order(3)
  void theAdminApiIsOnItsOwnPortWithItsOwnToken() {
    try (BackendConnection admin = env.adminConnection("admin-token")) {
      assertThat(admin.admin().getSimulation(GetSimulationRequest.getDefaultInstance())).isNotNull();
    }
    try (BackendConnection withDriverToken = env.adminConnection("token")) {
      assertCode(Status.Code.UNAUTHENTICATED,
          () -> withDriverToken.admin().getSimulation(GetSimulationRequest.getDefaultInstance()));
    }
    try (BackendConnection driverPort = env.backendConnection()) {
      assertCode(Status.Code.UNIMPLEMENTED,
          () -> driverPort.admin().getSimulation(GetSimulationRequest.getDefaultInstance()));
    }
  }

  @Test
  @Order(4)
  void volumesSurviveRestartsOfTheBackendANodeAndTheController() throws Exception {
    Published a = provisionAndPublish("vol-on-a", "sim-a", "node-a", node(nodeAChannel), "data on node-a");
    Published b = provisionAndPublish("vol-on-b", "sim-b", "node-b", node(nodeBChannel), "data on node-b");

    backend = restart(backend);
    a.assertData("data on node-a");
    b.assertData("data on node-b");
    // The cloud still knows both volumes and their attachments: a repeated publish answers the same.
    assertThat(publish(a.volume, "node-a")).isEqualTo(a.publishContext);
    String snapshotId = controller().createSnapshot(CreateSnapshotRequest.newBuilder()
        .setName("after-backend-restart").setSourceVolumeId(a.volume.getVolumeId()).build())
        .getSnapshot().getSnapshotId();

    nodeA = restart(nodeA);
    a.assertData("data on node-a");
    assertThat(node(nodeAChannel).nodeGetInfo(NodeGetInfoRequest.getDefaultInstance()).getNodeId()).isEqualTo("node-a");
    // The restarted node is registered again: a restored volume attaches and stages there.
    Published restored = provision("restored-on-a", "sim-a", VolumeContentSource.newBuilder()
        .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId)).build())
        .publishOn("node-a", node(nodeAChannel));
    restored.assertData("data on node-a");

    controller = restart(controller);
    assertThat(publish(b.volume, "node-b")).isEqualTo(b.publishContext);
    assertThat(controller().controllerExpandVolume(ControllerExpandVolumeRequest.newBuilder()
        .setVolumeId(a.volume.getVolumeId())
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(2 * GIB))
        .setVolumeCapability(xfs()).build()).getCapacityBytes()).isEqualTo(2 * GIB);
    b.assertData("data on node-b");

    // The backend dies while node-b unpublishes: unpublish never needs it, so the pod goes.
    // Unstage frees the loop device only once the backend confirms where the volume is attached
    // (KubeletRequestsTest shows its UNAVAILABLE meanwhile), so it runs once the backend is back.
    backend.getDockerClient().killContainerCmd(backend.getContainerId()).exec();
    b.nodeUnpublish();
    assertThat(b.target).doesNotExist();
    backend.stop();
    backend = start(env.backend("--zone=sim-a=1000", "--zone=sim-b=1000", "--zones-from-nodes"));
    b.nodeUnstage();
    b.controllerUnpublishAndDelete();

    restored.nodeUnpublishAndUnstage();
    restored.controllerUnpublishAndDelete();
    a.nodeUnpublishAndUnstage();
    a.controllerUnpublishAndDelete();
    controller().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build());
    assertThat(env.data.resolve("volumes/" + a.volume.getVolumeId() + ".img")).doesNotExist();
  }

  @Test
  @Order(5)
  void aNodeInAClusterTakesItsZoneFromItsNodeAndLiftsTheStartupTaint() throws Exception {
    KubernetesMockServer kubernetes = new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), true);
    kubernetes.init(InetAddress.getLoopbackAddress(), 0);
    Path serviceAccount = Files.createDirectories(env.root.resolve("serviceaccount"));
    Files.writeString(serviceAccount.resolve("token"), "mock-service-account-token");
    Files.writeString(serviceAccount.resolve("namespace"), "simebs-node");
    GenericContainer<?> nodeC = null;
    try (KubernetesClient client = kubernetes.createClient()) {
      client.nodes().resource(new NodeBuilder()
          .withNewMetadata().withName("node-c").addToLabels("topology.kubernetes.io/zone", "zone-c").endMetadata()
          .withNewSpec().addNewTaint().withKey(StartupTaint.KEY).withEffect("NoExecute").endTaint().endSpec()
          .build()).create();

      nodeC = env.nodeInCluster("node-c")
          .withEnv("KUBERNETES_SERVICE_HOST", "127.0.0.1")
          .withEnv("KUBERNETES_SERVICE_PORT", String.valueOf(kubernetes.getPort()))
          // The mock server's certificate is its own; a cluster's CA comes with the service account.
          .withEnv("KUBERNETES_TRUST_CERTIFICATES", "true")
          .withFileSystemBind(serviceAccount.toString(), "/var/run/secrets/kubernetes.io/serviceaccount",
              org.testcontainers.containers.BindMode.READ_ONLY);
      nodeC = start(nodeC);
      ManagedChannel channel = Channels.open(new Endpoint.Unix(env.nodeSocket("node-c")));
      try {
        NodeGetInfoResponse info = node(channel).nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());
        assertThat(info.getAccessibleTopology().getSegmentsMap()).containsEntry(ZONE_KEY, "zone-c");
      } finally {
        channel.shutdownNow();
      }
      assertThat(client.nodes().withName("node-c").get().getSpec().getTaints())
          .as("kubelet has not registered the driver yet").extracting(t -> t.getKey()).contains(StartupTaint.KEY);

      // kubelet registers the driver: the node plugin sees it in CSINode and lifts the taint.
      client.storage().v1().csiNodes().resource(new CSINodeBuilder()
          .withNewMetadata().withName("node-c").endMetadata()
          .withNewSpec().addNewDriver().withName(DriverInfo.DRIVER_NAME).withNodeID("node-c").endDriver().endSpec()
          .build()).create();
      client.nodes().withName("node-c").waitUntilCondition(
          n -> n.getSpec().getTaints() == null || n.getSpec().getTaints().stream().noneMatch(t -> t.getKey().equals(StartupTaint.KEY)),
          90, TimeUnit.SECONDS);

      // The backend took the cluster's zone instead of refusing the node.
      try (BackendConnection c = env.backendConnection()) {
        assertThat(c.backend().describeNodes(DescribeNodesRequest.newBuilder().addNodeIds("node-c").build())
            .getNodes(0).getZone()).isEqualTo("zone-c");
      }
    } finally {
      if (nodeC != null) {
        nodeC.stop();
      }
      kubernetes.destroy();
    }
  }

  /** A volume published to a node, with the paths kubelet would use. */
  private final class Published {
    final Volume volume;
    final String nodeId;
    final NodeGrpc.NodeBlockingStub nodeStub;
    final Map<String, String> publishContext;
    final Path staging;
    final Path target;

    Published(Volume volume, String nodeId, NodeGrpc.NodeBlockingStub nodeStub, Map<String, String> publishContext) {
      this.volume = volume;
      this.nodeId = nodeId;
      this.nodeStub = nodeStub;
      this.publishContext = publishContext;
      Path kubelet = env.kubeletDir(nodeId);
      this.staging = kubelet.resolve("plugins/kubernetes.io/csi/staging/" + volume.getVolumeId());
      this.target = kubelet.resolve("pods/pod-" + volume.getVolumeId() + "/volumes/kubernetes.io~csi/data/mount");
    }

    /** Read on the host: the node's mounts propagate out, as with Bidirectional. */
    void assertData(String expected) throws Exception {
      assertThat(Files.readString(target.resolve("file"))).isEqualTo(expected);
    }

    void nodeUnpublishAndUnstage() {
      nodeUnpublish();
      nodeUnstage();
    }

    void nodeUnpublish() {
      nodeStub.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder()
          .setVolumeId(volume.getVolumeId()).setTargetPath(target.toString()).build());
    }

    void nodeUnstage() {
      nodeStub.nodeUnstageVolume(NodeUnstageVolumeRequest.newBuilder()
          .setVolumeId(volume.getVolumeId()).setStagingTargetPath(staging.toString()).build());
    }

    void controllerUnpublishAndDelete() {
      controller().controllerUnpublishVolume(ControllerUnpublishVolumeRequest.newBuilder()
          .setVolumeId(volume.getVolumeId()).setNodeId(nodeId).build());
      controller().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
    }
  }

  /** A volume made but not yet published. */
  private record Provisioned(ContainerClusterTest test, Volume volume) {
    Published publishOn(String nodeId, NodeGrpc.NodeBlockingStub nodeStub) throws Exception {
      return test.stageAndPublish(volume, nodeId, nodeStub);
    }
  }

  private Published provisionAndPublish(
      String name, String zone, String nodeId, NodeGrpc.NodeBlockingStub nodeStub, String content) throws Exception {
    Published published = provision(name, zone, VolumeContentSource.getDefaultInstance()).publishOn(nodeId, nodeStub);
    Path file = published.target.resolve("file");
    Files.writeString(file, content);
    // Flushed to the volume, as an application that snapshots consistently does.
    assertThat(new ProcessBuilder("sync", "-f", file.toString()).inheritIO().start().waitFor()).isZero();
    published.assertData(content);
    return published;
  }

  private Provisioned provision(String name, String zone, VolumeContentSource source) {
    CreateVolumeRequest.Builder request = CreateVolumeRequest.newBuilder()
        .setName(name)
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
        .addVolumeCapabilities(xfs())
        .setAccessibilityRequirements(TopologyRequirement.newBuilder()
            .addRequisite(Topology.newBuilder().putSegments(ZONE_KEY, zone)));
    if (!source.equals(VolumeContentSource.getDefaultInstance())) {
      request.setVolumeContentSource(source);
    }
    Volume volume = controller().createVolume(request.build()).getVolume();
    env.createdVolumes.add(volume.getVolumeId());
    return new Provisioned(this, volume);
  }

  private Published stageAndPublish(Volume volume, String nodeId, NodeGrpc.NodeBlockingStub nodeStub) throws Exception {
    Published published = new Published(volume, nodeId, nodeStub, publish(volume, nodeId));
    Files.createDirectories(published.target.getParent());
    nodeStub.nodeStageVolume(NodeStageVolumeRequest.newBuilder()
        .setVolumeId(volume.getVolumeId())
        .putAllPublishContext(published.publishContext)
        .putAllVolumeContext(volume.getVolumeContextMap())
        .setStagingTargetPath(published.staging.toString())
        .setVolumeCapability(xfs())
        .build());
    nodeStub.nodePublishVolume(NodePublishVolumeRequest.newBuilder()
        .setVolumeId(volume.getVolumeId())
        .putAllPublishContext(published.publishContext)
        .putAllVolumeContext(volume.getVolumeContextMap())
        .setStagingTargetPath(published.staging.toString())
        .setTargetPath(published.target.toString())
        .setVolumeCapability(xfs())
        .build());
    return published;
  }

  private Map<String, String> publish(Volume volume, String nodeId) {
    return controller().controllerPublishVolume(ControllerPublishVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .setNodeId(nodeId)
            .setVolumeCapability(xfs())
            .putAllVolumeContext(volume.getVolumeContextMap())
            .build())
        .getPublishContextMap();
  }

  private ControllerGrpc.ControllerBlockingStub controller() {
    return ControllerGrpc.newBlockingStub(controllerChannel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  private static NodeGrpc.NodeBlockingStub node(ManagedChannel channel) {
    return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  /** xfs, because it grows online here; ext4's online growth needs CAP_SYS_RESOURCE. */
  private static VolumeCapability xfs() {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.newBuilder().setFsType("xfs"))
        .setAccessMode(VolumeCapability.AccessMode.newBuilder()
            .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
        .build();
  }

  /** Stops {@code container} (SIGTERM, as a pod deletion does) and starts the same again. */
  private static GenericContainer<?> restart(GenericContainer<?> container) {
    container.stop();
    return start(container);
  }

  private static GenericContainer<?> start(GenericContainer<?> container) {
    container.start();
    return container;
  }

  private static void assertCode(Status.Code code, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }
}
