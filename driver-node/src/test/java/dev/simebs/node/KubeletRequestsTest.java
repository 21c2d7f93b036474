package dev.simebs.node;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodeGetInfoRequest;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.VolumeCapability;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node answers the requests kubelet sends in a cluster where the CSIDriver has
 * {@code podInfoOnMount: true}: the exact volume_context of an inline ephemeral volume (pod name,
 * namespace, UID, service account, {@code csi.storage.k8s.io/ephemeral}) and of a persistent one.
 */
class KubeletRequestsTest {

  private static final String POD_UID = "0c6f3a2e-5d4b-4c1a-9e8f-7a6b5c4d3e2f";
  /** kubelet names an inline volume "csi-" + sha256 of pod UID, volume name and driver. */
  private static final String INLINE_ID =
      "csi-9a1f0c3e5b7d2a4c6e8f0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a";

  private BackendAndNode fixture;
  private BackendHarness backend;
  private NodeHarness harness;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "blkid");
    fixture = BackendAndNode.start(c -> c);
    backend = fixture.backend;
    harness = fixture.node();
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void inlineVolumeWithKubeletsExactRequestIsMadePublishedAndDeleted() throws Exception {
    Path target = inlineTarget();
    NodePublishVolumeRequest publish = kubeletInlinePublish(target, Map.of("size", "2Gi"));

    harness.node.nodePublishVolume(publish);
    Files.writeString(target.resolve("scratch.txt"), "inline");

    assertThat(inlineVolumes()).singleElement().satisfies(v -> {
      assertThat(v.getSizeGib()).isEqualTo(2);
      assertThat(v.getState()).isEqualTo(VolumeState.IN_USE);
    });
    // kubelet's NodeUnpublish for an inline volume carries only these two fields.
    harness.node.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder()
        .setVolumeId(INLINE_ID).setTargetPath(target.toString()).build());
    assertThat(inlineVolumes()).isEmpty();
    assertThat(target).doesNotExist();
  }

  @Test
  void persistentVolumePublishedWithPodInfoTakesThePersistentPath() throws Exception {
    Attachment attachment = backend.createAndAttach("node-1", 1);
    String volumeId = attachment.getVolumeId();
    VolumeCapability capability = mount("ext4");
    harness.node.nodeStageVolume(harness.stageRequest(volumeId, capability)
        .putPublishContext(VolumeContextKeys.BACKING_FILE, attachment.getBackingFile())
        .build());
    Path target = harness.target(volumeId, POD_UID);

    harness.node.nodePublishVolume(harness.publishRequest(volumeId, capability, target, false)
        .putAllVolumeContext(podInfo("false"))
        .putVolumeContext("storage.kubernetes.io/csiProvisionerIdentity", "1700000000000-1234-ebs.csi.simebs.dev")
        .build());
    Files.writeString(target.resolve("data.txt"), "persistent");

    assertThat(Files.readString(target.resolve("data.txt"))).isEqualTo("persistent");
    assertThat(inlineVolumes()).isEmpty();
    harness.unpublish(volumeId, target);
    harness.unstage(volumeId);
    backend.detachAndDelete(volumeId, "node-1");
  }

  @Test
  void inlineVolumeAboveTheSizeLimitIsInvalidNamingTheLimit() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT,
        "above this driver's limit for inline volumes of 100 GiB (node flag --ephemeral-max-size)",
        () -> harness.node.nodePublishVolume(kubeletInlinePublish(inlineTarget(), Map.of("size", "101Gi"))));
    assertThat(inlineVolumes()).isEmpty();
  }

  @Test
  void inlineVolumeOfATypeNotAllowedIsInvalidNamingTheAllowedTypes() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT,
        "type io2 is not allowed for inline volumes; this driver allows gp2, gp3 (node flag --ephemeral-types)",
        () -> harness.node.nodePublishVolume(
            kubeletInlinePublish(inlineTarget(), Map.of("size", "1Gi", "type", "io2"))));
    assertThat(inlineVolumes()).isEmpty();
  }

  private Path inlineTarget() {
    return harness.kubeletDir.resolve("pods/" + POD_UID + "/volumes/kubernetes.io~csi/scratch/mount");
  }

  /** What kubelet's CSI plugin sends for an inline volume: no staging path, pod info, the flag. */
  private static NodePublishVolumeRequest kubeletInlinePublish(Path target, Map<String, String> attributes)
      throws Exception {
    Files.createDirectories(target.getParent());
    return NodePublishVolumeRequest.newBuilder()
        .setVolumeId(INLINE_ID)
        .setTargetPath(target.toString())
        .setVolumeCapability(VolumeCapability.newBuilder()
            .setMount(VolumeCapability.MountVolume.getDefaultInstance())
            .setAccessMode(VolumeCapability.AccessMode.newBuilder()
                .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)))
        .setReadonly(false)
        .putAllVolumeContext(attributes)
        .putAllVolumeContext(podInfo("true"))
        .build();
  }

  private static Map<String, String> podInfo(String ephemeral) {
    return Map.of(
        "csi.storage.k8s.io/pod.name", "app-0",
        "csi.storage.k8s.io/pod.namespace", "default",
        "csi.storage.k8s.io/pod.uid", POD_UID,
        "csi.storage.k8s.io/serviceAccount.name", "default",
        VolumeContextKeys.EPHEMERAL, ephemeral);
  }

  private List<Volume> inlineVolumes() {
    return backend.backend().describeVolumes(DescribeVolumesRequest.getDefaultInstance())
        .getVolumesList().stream()
        .filter(v -> v.getState() != VolumeState.DELETING)
        .filter(v -> v.getTagsList().stream().anyMatch(t -> t.getValue().equals(INLINE_ID)))
        .toList();
  }

  /** A node whose backend cannot be reached serves all the same, and reports no made-up zone. */
  @Test
  void nodeStartedWithItsBackendDownServesAndHasNoMadeUpZone() throws Exception {
    ManagedChannel nowhere = InProcessChannelBuilder.forName("no-backend-" + UUID.randomUUID()).build();
    try (NodeHarness offline = NodeHarness.start(c -> c.withZone(Optional.empty()),
        Optional.of(BackendGrpc.newBlockingStub(nowhere)))) {
      assertThat(offline.plugin.registration().orElseThrow().registered()).isFalse();
      var info = offline.node.nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());
      assertThat(info.getNodeId()).isEqualTo("node-1");
      assertThat(info.hasAccessibleTopology()).as("no zone: no made-up topology").isFalse();
    } finally {
      nowhere.shutdownNow();
    }
  }

  /**
   * kubelet tears a pod's volume down while the backend is gone: NodeUnpublish needs no backend, so
   * the pod terminates; NodeUnstage unmounts, but lets go of the loop device only once the backend
   * confirms where the volume is attached (one node never frees another's device), so it answers
   * UNAVAILABLE and kubelet's retry finishes the job.
   */
  @Test
  void unpublishNeedsNoBackendAndUnstageIsRetryableWithoutOne() throws Exception {
    Attachment attachment = backend.createAndAttach("node-1", 1);
    String volumeId = attachment.getVolumeId();
    VolumeCapability capability = mount("ext4");
    harness.node.nodeStageVolume(harness.stageRequest(volumeId, capability)
        .putPublishContext(VolumeContextKeys.BACKING_FILE, attachment.getBackingFile())
        .build());
    Path target = harness.target(volumeId, POD_UID);
    harness.publish(volumeId, capability, target, false);
    backend.connection.admin().setSimulation(dev.simebs.backend.api.SimulationConfig.newBuilder()
        .addFaults(dev.simebs.backend.api.FaultRule.newBuilder()
            .setOperation("DescribeAttachments")
            .setReason(dev.simebs.backend.api.ErrorReason.INTERNAL_ERROR)
            .setNextN(1))
        .build());

    harness.unpublish(volumeId, target);
    assertThat(target).doesNotExist();
    assertFailsWith(Status.Code.UNAVAILABLE, "cannot learn from the backend",
        () -> harness.unstage(volumeId));

    harness.unstage(volumeId);
    backend.detachAndDelete(volumeId, "node-1");
  }
}
