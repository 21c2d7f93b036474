package dev.simebs.dist.containers;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.GenericContainer;

/**
 * The SimEBS image run as Kubernetes runs it (see {@link SimebsContainers}): backend, controller
 * and node in their own containers. The test drives the whole volume lifecycle through the
 * containers' sockets, as the sidecars and kubelet do: snapshot, restore, expansion, teardown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLifecycleTest {

  private static final long GIB = 1L << 30;

  private SimebsContainers env;
  private Path kubeletDir;
  private GenericContainer<?> backend;
  private GenericContainer<?> controller;
  private GenericContainer<?> node;
  private ManagedChannel controllerChannel;
  private ManagedChannel nodeChannel;

  @BeforeAll
  void startContainers() throws Exception {
    env = SimebsContainers.open();
    kubeletDir = env.kubeletDir("container-node");
    backend = env.backend();
    backend.start();
    controller = env.controller();
    controller.start();
    node = env.node("container-node", "sim-a");
    node.start();
    controllerChannel = Channels.open(new Endpoint.Unix(env.controllerSocket()));
    nodeChannel = Channels.open(new Endpoint.Unix(env.nodeSocket("container-node")));
  }

  @AfterAll
  void stopContainers() throws Exception {
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
    if (env != null) {
      env.close();
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
    env.createdVolumes.add(volume.getVolumeId());
    String staging = kubeletDir.resolve("plugins/staging/" + volume.getVolumeId()).toString();
    String target = kubeletDir.resolve("pods/p1/volumes/" + volume.getVolumeId() + "/mount").toString();

    Map<String, String> publishContext = publish(ctrl, volume, nodeId, mount);
    stageAndPublish(nodeStub, volume, publishContext, staging, target, mount);
    assertThat(SimebsContainers.exec(node, "sh", "-c", "echo lifecycle-data > " + target + "/file && sync && cat " + target + "/file"))
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
    env.createdVolumes.add(restored.getVolumeId());
    String restoredStaging = kubeletDir.resolve("plugins/staging/" + restored.getVolumeId()).toString();
    String restoredTarget = kubeletDir.resolve("pods/p2/volumes/" + restored.getVolumeId() + "/mount").toString();
    Map<String, String> restoredContext = publish(ctrl, restored, nodeId, mount);
    stageAndPublish(nodeStub, restored, restoredContext, restoredStaging, restoredTarget, mount);
    assertThat(SimebsContainers.exec(node, "cat", restoredTarget + "/file")).contains("lifecycle-data");

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
    assertThat(env.data.resolve("volumes/" + volume.getVolumeId() + ".img")).doesNotExist();
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
}
