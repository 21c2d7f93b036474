package dev.simebs.node;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.node.NodeHarness.block;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may let go of a loop device (docs/node.md): this node bound it, no mount of this node uses
 * it, and the backend says the volume is attached to this node or to none.
 */
class DeviceReleaseTest {

  private final LoopDevices loops = new LoopDevices(new LinuxSystem());
  private BackendAndNode node;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "blkid");
    node = BackendAndNode.start(config -> config);
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void unstageLetsGoOfTheDeviceOfAVolumeAttachedHere() throws Exception {
    String volumeId = node.backend.createAndAttach("node-1", 1).getVolumeId();
    node.node().stage(volumeId, mount("ext4"));

    node.node().unstage(volumeId);

    assertThat(devicesOver(volumeId)).isEmpty();
  }

  @Test
  void unstageKeepsTheDeviceWhileTheBackendCannotSayAndARetryLetsGo() throws Exception {
    String volumeId = node.backend.createAndAttach("node-1", 1).getVolumeId();
    node.node().stage(volumeId, block());
    failNextDescribeAttachments();

    assertFailsWith(Status.Code.UNAVAILABLE, "attached", () -> node.node().unstage(volumeId));
    assertThat(devicesOver(volumeId)).hasSize(1);

    node.node().unstage(volumeId);
    assertThat(devicesOver(volumeId)).isEmpty();
  }

  @Test
  void unstageKeepsTheDeviceOfAVolumeTheBackendAttachedElsewhere() throws Exception {
    String volumeId = node.backend.createAndAttach("node-1", 1).getVolumeId();
    node.node().stage(volumeId, mount("ext4"));
    moveAttachment(volumeId, "node-1", "node-2");

    node.node().unstage(volumeId);

    List<LoopDevice> kept = devicesOver(volumeId);
    assertThat(kept).hasSize(1);
    moveAttachment(volumeId, "node-2", "node-1");
    node.node().unstage(volumeId);
    assertThat(devicesOver(volumeId)).isEmpty();
  }

  @Test
  void restartLeavesUnusedDevicesTheBackendCannotVouchFor() throws Exception {
    String volumeId = node.backend.createAndAttach("node-1", 1).getVolumeId();
    node.node().stage(volumeId, mount("ext4"));
    Leftovers.unmount(node.node().staging(volumeId));
    failNextDescribeAttachments();

    NodeHarness restarted = node.restartNode();

    assertThat(restarted.plugin.reconciliation().detached()).isEmpty();
    assertThat(restarted.plugin.reconciliation().left())
        .singleElement()
        .asString()
        .contains("cannot learn from the backend");
    assertThat(devicesOver(volumeId)).hasSize(1);
    restarted.unstage(volumeId);
    assertThat(devicesOver(volumeId)).isEmpty();
  }

  private void failNextDescribeAttachments() {
    node.backend
        .connection
        .admin()
        .addFault(
            FaultRule.newBuilder()
                .setOperation("DescribeAttachments")
                .setReason(ErrorReason.SERVICE_UNAVAILABLE)
                .setNextN(1)
                .build());
  }

  private void moveAttachment(String volumeId, String from, String to) {
    node.backend
        .backend()
        .registerNode(
            RegisterNodeRequest.newBuilder().setNodeId(to).setZone("sim-a").setAttachmentLimit(25).build());
    node.backend
        .backend()
        .detachVolume(
            DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(from).setForce(true).build());
    node.backend
        .backend()
        .attachVolume(AttachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(to).build());
  }

  private List<LoopDevice> devicesOver(String volumeId) throws Exception {
    Path file = node.node().backingFile(volumeId).toRealPath();
    return loops.bound().stream().filter(d -> d.backingFile().equals(file)).toList();
  }
}
