package dev.simebs.dist.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.IdentityGrpc;
import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.ProbeRequest;
import csi.v1.Topology;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeContentSource;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The SimEBS image run as Kubernetes runs it: backend, controller and node in their own
 * containers, sharing the socket directory and the backend's data directory, the node
 * privileged with the host's /dev. The test drives the whole volume lifecycle through the
 * containers' sockets, as the sidecars and kubelet do.
 *
 * <p>Needs a Docker API (podman's here, see scripts/podman-api.sh) and the image named by
 * SIMEBS_IMAGE (scripts/build-images.sh); skips, saying which is missing, otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLifecycleTest {

  private static final String TOKEN = "container-test-token";
  private static final long GIB = 1L << 30;

  private Path root;
  private Path kubeletDir;
  private GenericContainer<?> backend;
  private GenericContainer<?> controller;
  private GenericContainer<?> node;
  private ManagedChannel controllerChannel;
  private ManagedChannel nodeChannel;
  /** Volumes this test made, so their loop devices can be freed even when it fails midway. */
  private final Set<String> createdVolumes = ConcurrentHashMap.newKeySet();

  @BeforeAll
  void startContainers() throws IOException {
    String image = System.getenv("SIMEBS_IMAGE");
    assumeTrue(image != null, "SIMEBS_IMAGE is not set (scripts/build-images.sh builds the image)");
    assumeTrue(dockerApiAvailable(), "no Docker API is reachable (see scripts/podman-api.sh)");

    root = Files.createTempDirectory(Path.of("/tmp"), "simebs-ct-");
    Path data = Files.createDirectories(root.resolve("data"));
    Path sockets = Files.createDirectories(root.resolve("csi"));
    kubeletDir = Files.createDirectories(root.resolve("kubelet"));
    Path token = Files.writeString(root.resolve("token"), TOKEN);
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    int port = 17171 + (int) (ProcessHandle.current().pid() % 1000);

    // Every container sees the test's directory at the same path, as every Kubernetes node sees
    // the backend's data dir: the token, the sockets, the volume files and the kubelet dir.
    DockerImageName name = DockerImageName.parse(image);
    backend =
        container(name, "backend")
            .withCommand(
                "backend", "--listen=127.0.0.1:" + port, "--data-dir=" + data, "--token-file=" + token);
    backend.start();
    controller =
        container(name, "controller")
            .withCommand(
                "controller",
                "--endpoint=unix://" + sockets.resolve("controller.sock"),
                "--backend=127.0.0.1:" + port,
                "--backend-token-file=" + token);
    controller.start();
    node =
        container(name, "node")
            .withPrivilegedMode(true)
            .withFileSystemBind("/dev", "/dev", BindMode.READ_WRITE)
            .withCommand(
                "node",
                "--endpoint=unix://" + sockets.resolve("node.sock"),
                "--node-id=container-node",
                "--zone=sim-a",
                "--backend=127.0.0.1:" + port,
                "--backend-token-file=" + token,
                "--kubelet-dir=" + kubeletDir,
                "--backend-data-dir=" + data);
    node.start();

    controllerChannel = Channels.open(new Endpoint.Unix(sockets.resolve("controller.sock")));
    nodeChannel = Channels.open(new Endpoint.Unix(sockets.resolve("node.sock")));
  }

  @AfterAll
  void stopContainers() throws IOException {
    if (controllerChannel != null) {
      controllerChannel.shutdownNow();
    }
    if (nodeChannel != null) {
      nodeChannel.shutdownNow();
    }
    for (GenericContainer<?> container : new GenericContainer<?>[] {node, controller, backend}) {
      if (container != null) {
        container.stop();
      }
    }
    detachLeftoverLoopDevices();
    deleteTree(root);
  }

  /**
   * A node container stopped mid-test leaves its loop devices bound (they are global, unlike its
   * mounts, which die with its mount namespace); free the ones over this test's volumes.
   */
  private void detachLeftoverLoopDevices() throws IOException {
    try (var devices = Files.list(Path.of("/sys/block"))) {
      for (Path device : devices.filter(d -> d.getFileName().toString().startsWith("loop")).toList()) {
        Path backing = device.resolve("loop/backing_file");
        if (Files.exists(backing)) {
          String file = Files.readString(backing).strip();
          if (createdVolumes.stream().anyMatch(file::contains)) {
            new ProcessBuilder("losetup", "-d", "/dev/" + device.getFileName()).inheritIO().start().waitFor();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Test
  void fullVolumeLifecycleRunsThroughTheContainers() throws Exception {
    var identity = IdentityGrpc.newBlockingStub(controllerChannel);
    var ctrl = ControllerGrpc.newBlockingStub(controllerChannel);
    var nodeStub = NodeGrpc.newBlockingStub(nodeChannel);
    assertThat(identity.probe(ProbeRequest.getDefaultInstance()).getReady().getValue()).isTrue();

    String nodeId = nodeStub.nodeGetInfo(NodeGetInfoRequest.getDefaultInstance()).getNodeId();
    assertThat(nodeId).isEqualTo("container-node");
    VolumeCapability mount = mountCapability();

    Volume volume =
        ctrl.createVolume(
                CreateVolumeRequest.newBuilder()
                    .setName("container-lifecycle")
                    .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
                    .addVolumeCapabilities(mount)
                    .setAccessibilityRequirements(
                        csi.v1.TopologyRequirement.newBuilder()
                            .addRequisite(Topology.newBuilder().putSegments("topology.ebs.csi.simebs.dev/zone", "sim-a")))
                    .build())
            .getVolume();
    createdVolumes.add(volume.getVolumeId());
    String staging = kubeletDir.resolve("plugins/staging/" + volume.getVolumeId()).toString();
    String target = kubeletDir.resolve("pods/p1/volumes/" + volume.getVolumeId() + "/mount").toString();

    Map<String, String> publishContext = publish(ctrl, volume, nodeId, mount);
    stageAndPublish(nodeStub, volume, publishContext, staging, target, mount);
    assertThat(exec(node, "sh", "-c", "echo lifecycle-data > " + target + "/file && sync && cat " + target + "/file"))
        .contains("lifecycle-data");

    String snapshotId =
        ctrl.createSnapshot(
                CreateSnapshotRequest.newBuilder().setName("container-snap").setSourceVolumeId(volume.getVolumeId()).build())
            .getSnapshot()
            .getSnapshotId();
    Volume restored =
        ctrl.createVolume(
                CreateVolumeRequest.newBuilder()
                    .setName("container-restored")
                    .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
                    .addVolumeCapabilities(mount)
                    .setVolumeContentSource(
                        VolumeContentSource.newBuilder()
                            .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId)))
                    .setAccessibilityRequirements(
                        csi.v1.TopologyRequirement.newBuilder()
                            .addRequisite(Topology.newBuilder().putSegments("topology.ebs.csi.simebs.dev/zone", "sim-a")))
                    .build())
            .getVolume();
    createdVolumes.add(restored.getVolumeId());
    String restoredStaging = kubeletDir.resolve("plugins/staging/" + restored.getVolumeId()).toString();
    String restoredTarget = kubeletDir.resolve("pods/p2/volumes/" + restored.getVolumeId() + "/mount").toString();
    Map<String, String> restoredContext = publish(ctrl, restored, nodeId, mount);
    stageAndPublish(nodeStub, restored, restoredContext, restoredStaging, restoredTarget, mount);
    assertThat(exec(node, "cat", restoredTarget + "/file")).contains("lifecycle-data");

    var expanded =
        ctrl.controllerExpandVolume(
            ControllerExpandVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(2 * GIB))
                .setVolumeCapability(mount)
                .build());
    assertThat(expanded.getCapacityBytes()).isEqualTo(2 * GIB);
    var nodeExpanded =
        nodeStub.nodeExpandVolume(
            NodeExpandVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setVolumePath(target)
                .setStagingTargetPath(staging)
                .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(2 * GIB))
                .setVolumeCapability(mount)
                .build());
    assertThat(nodeExpanded.getCapacityBytes()).isGreaterThanOrEqualTo(2 * GIB);

    unpublishAndUnstage(nodeStub, ctrl, restored, nodeId, restoredStaging, restoredTarget);
    unpublishAndUnstage(nodeStub, ctrl, volume, nodeId, staging, target);
    ctrl.deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build());
    ctrl.deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(restored.getVolumeId()).build());
    ctrl.deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
    assertThat(root.resolve("data/volumes/" + volume.getVolumeId() + ".img")).doesNotExist();
  }

  private static Map<String, String> publish(
      ControllerGrpc.ControllerBlockingStub ctrl, Volume volume, String nodeId, VolumeCapability capability) {
    return ctrl.controllerPublishVolume(
            ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setNodeId(nodeId)
                .setVolumeCapability(capability)
                .putAllVolumeContext(volume.getVolumeContextMap())
                .build())
        .getPublishContextMap();
  }

  private static void stageAndPublish(
      NodeGrpc.NodeBlockingStub nodeStub,
      Volume volume,
      Map<String, String> publishContext,
      String staging,
      String target,
      VolumeCapability capability) {
    nodeStub.nodeStageVolume(
        NodeStageVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .putAllPublishContext(publishContext)
            .putAllVolumeContext(volume.getVolumeContextMap())
            .setStagingTargetPath(staging)
            .setVolumeCapability(capability)
            .build());
    nodeStub.nodePublishVolume(
        NodePublishVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .putAllPublishContext(publishContext)
            .putAllVolumeContext(volume.getVolumeContextMap())
            .setStagingTargetPath(staging)
            .setTargetPath(target)
            .setVolumeCapability(capability)
            .build());
  }

  private static void unpublishAndUnstage(
      NodeGrpc.NodeBlockingStub nodeStub,
      ControllerGrpc.ControllerBlockingStub ctrl,
      Volume volume,
      String nodeId,
      String staging,
      String target) {
    nodeStub.nodeUnpublishVolume(
        NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setTargetPath(target).build());
    nodeStub.nodeUnstageVolume(
        NodeUnstageVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setStagingTargetPath(staging).build());
    ctrl.controllerUnpublishVolume(
        ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setNodeId(nodeId).build());
  }

  /** xfs, because it grows online here; ext4's online growth needs CAP_SYS_RESOURCE. */
  private static VolumeCapability mountCapability() {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.newBuilder().setFsType("xfs"))
        .setAccessMode(
            VolumeCapability.AccessMode.newBuilder().setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
        .build();
  }

  private GenericContainer<?> container(DockerImageName image, String role) {
    return new GenericContainer<>(image)
        .withFileSystemBind(root.toString(), root.toString(), BindMode.READ_WRITE)
        .withImagePullPolicy(name -> false)
        .withNetworkMode("host")
        .withLabel("dev.simebs.test-role", role)
        // podman 4.3 sometimes fails a start with "write child: broken pipe" under load
        .withStartupAttempts(3)
        .waitingFor(Wait.forLogMessage(".*serving gRPC on.*", 1).withStartupTimeout(Duration.ofSeconds(90)));
  }

  private static String exec(GenericContainer<?> container, String... command)
      throws IOException, InterruptedException {
    ExecResult result = container.execInContainer(command);
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
    return result.getStdout();
  }

  private static boolean dockerApiAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
