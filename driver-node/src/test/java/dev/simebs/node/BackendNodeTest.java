package dev.simebs.node;

import dev.simebs.common.testing.HostRequirements;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodePublishVolumeRequest;
import csi.v1.VolumeCapability;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.DescribeNodesRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.Node;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.node.ephemeral.EphemeralVolumes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node beside an embedded backend-sim: registration, backend-made volumes, inline volumes. */
class BackendNodeTest {

  private static final String INLINE_ID =
      "csi-4f0e1b2a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

  private BackendAndNode fixture;
  private BackendHarness backend;
  private NodeHarness harness;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "blkid");
    fixture = BackendAndNode.start(config -> config.withMaxVolumesPerNode(17));
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
  void startRegistersTheNodeWithItsZoneAndLimit() {
    Node node =
        backend
            .backend()
            .describeNodes(DescribeNodesRequest.newBuilder().addNodeIds("node-1").build())
            .getNodes(0);

    assertThat(node.getZone()).isEqualTo("sim-a");
    assertThat(node.getAttachmentLimit()).isEqualTo(17);
    assertThat(harness.plugin.ready()).isTrue();
  }

  @Test
  void volumeMadeByTheBackendIsStagedPublishedAndReleased() throws Exception {
    Attachment attachment = backend.createAndAttach("node-1", 1);
    String volumeId = attachment.getVolumeId();
    VolumeCapability capability = mount("ext4");
    Path target = harness.target(volumeId, "pod");

    harness.node.nodeStageVolume(
        harness
            .stageRequest(volumeId, capability)
            .putPublishContext(VolumeContextKeys.BACKING_FILE, attachment.getBackingFile())
            .putPublishContext(VolumeContextKeys.DEVICE_NAME, attachment.getDevice())
            .build());
    harness.publish(volumeId, capability, target, false);
    Files.writeString(target.resolve("data.txt"), "on a backend volume");

    assertThat(Files.readString(target.resolve("data.txt"))).isEqualTo("on a backend volume");
    harness.unpublishAndUnstage(volumeId);
    backend.detachAndDelete(volumeId, "node-1");
  }

  @Test
  void impairedVolumeMakesTheConditionAbnormal() throws Exception {
    Attachment attachment = backend.createAndAttach("node-1", 1);
    String volumeId = attachment.getVolumeId();
    Path target = harness.target(volumeId, "pod");
    harness.stage(volumeId, mount("ext4"));
    harness.publish(volumeId, mount("ext4"), target, false);

    backend
        .connection
        .admin()
        .setVolumeImpaired(
            SetVolumeImpairedRequest.newBuilder()
                .setVolumeId(volumeId)
                .setImpaired(true)
                .setReason("simulated I/O errors")
                .build());

    var condition = harness.stats(volumeId, target).getVolumeCondition();
    assertThat(condition.getAbnormal()).isTrue();
    assertThat(condition.getMessage()).contains("simulated I/O errors");
    harness.unpublishAndUnstage(volumeId);
    backend.detachAndDelete(volumeId, "node-1");
  }

  @Test
  void inlineVolumeIsCreatedPublishedAndDeletedWithThePod() throws Exception {
    Path target = harness.target("inline", "pod");
    NodePublishVolumeRequest publish =
        NodePublishVolumeRequest.newBuilder()
            .setVolumeId(INLINE_ID)
            .setTargetPath(target.toString())
            .setVolumeCapability(mount("ext4"))
            .putVolumeContext(VolumeContextKeys.EPHEMERAL, "true")
            .putVolumeContext("size", "1Gi")
            .build();

    harness.node.nodePublishVolume(publish);
    harness.node.nodePublishVolume(publish);
    Files.writeString(target.resolve("scratch.txt"), "inline");

    List<Volume> volumes = inlineVolumes();
    assertThat(volumes)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getZone()).isEqualTo("sim-a");
              assertThat(v.getSizeGib()).isEqualTo(1);
              assertThat(v.getState()).isEqualTo(VolumeState.IN_USE);
            });
    assertThat(Files.readString(target.resolve("scratch.txt"))).isEqualTo("inline");

    harness.unpublish(INLINE_ID, target);
    harness.unpublish(INLINE_ID, target);
    assertThat(target).doesNotExist();
    assertThat(inlineVolumes()).isEmpty();
    assertThat(Leftovers.under(harness.root)).isEmpty();
  }

  private List<Volume> inlineVolumes() {
    return backend
        .backend()
        .describeVolumes(
            DescribeVolumesRequest.newBuilder()
                .addFilters(
                    Filter.newBuilder()
                        .setName("tag:" + EphemeralVolumes.TAG_KEY)
                        .addValues(INLINE_ID))
                .build())
        .getVolumesList()
        .stream()
        .filter(v -> v.getState() != VolumeState.DELETING)
        .toList();
  }
}
