package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.CreateTagsRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeNodesRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Node;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.api.VolumeType;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentsTest {

  @TempDir Path dataDir;
  TestBackend backend;

  @BeforeEach
  void open() throws IOException {
    backend = TestBackend.open(dataDir);
    backend.registerNode("node-a1", "sim-a");
    backend.registerNode("node-a2", "sim-a");
    backend.registerNode("node-b1", "sim-b");
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private Volume volumeInA() {
    return backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a"));
  }

  private DetachVolumeRequest detach(String volumeId, String nodeId) {
    return DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId).build();
  }

  @Test
  void attachReturnsAttachedWithDeviceAndBackingFile() {
    Volume volume = volumeInA();

    Attachment attachment = backend.attach(volume.getVolumeId(), "node-a1");

    assertThat(attachment.getState()).isEqualTo(AttachmentState.ATTACHED);
    assertThat(attachment.getDevice()).isEqualTo("/dev/xvdba");
    assertThat(attachment.getBackingFile()).isEqualTo(volume.getBackingFile());
    assertThat(backend.describe(volume.getVolumeId()).getState()).isEqualTo(VolumeState.IN_USE);
  }

  @Test
  void devicesAreUniquePerNode() {
    Attachment first = backend.attach(volumeInA().getVolumeId(), "node-a1");
    Attachment second = backend.attach(volumeInA().getVolumeId(), "node-a1");

    assertThat(second.getDevice()).isEqualTo("/dev/xvdbb").isNotEqualTo(first.getDevice());
  }

  @Test
  void attachingAgainToTheSameNodeReturnsTheExistingAttachment() {
    Volume volume = volumeInA();
    Attachment first = backend.attach(volume.getVolumeId(), "node-a1");

    Attachment again = backend.attach(volume.getVolumeId(), "node-a1");

    assertThat(again).isEqualTo(first);
  }

  @Test
  void tagsGivenWithAnAttachmentAreSetOnTheVolumeInTheSameCall() {
    String volumeId = volumeInA().getVolumeId();
    backend.api().createTags(CreateTagsRequest.newBuilder().setResourceId(volumeId).addTags(tag("keep", "1")).addTags(tag("p", "old")).build());

    backend.api().attachVolume(attach(volumeId, "node-a1").addVolumeTags(tag("p", "rw")).build());

    assertThat(backend.describe(volumeId).getTagsList()).containsExactlyInAnyOrder(tag("keep", "1"), tag("p", "rw"));
    assertThat(backend.describe(volumeId).getState()).isEqualTo(VolumeState.IN_USE);
  }

  @Test
  void aRepeatedAttachmentStillSetsItsTags() {
    String volumeId = volumeInA().getVolumeId();
    backend.attach(volumeId, "node-a1");

    backend.api().attachVolume(attach(volumeId, "node-a1").addVolumeTags(tag("p", "rw")).build());

    assertThat(backend.describe(volumeId).getTagsList()).containsExactly(tag("p", "rw"));
  }

  @Test
  void anAttachmentWithInvalidTagsIsRefusedWholly() {
    String volumeId = volumeInA().getVolumeId();

    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> backend.api().attachVolume(attach(volumeId, "node-a1").addVolumeTags(tag("", "x")).build()));

    assertThat(backend.describe(volumeId).getAttachmentsList()).isEmpty();
    assertThat(backend.describe(volumeId).getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  @Test
  void tagsNamedWithADetachmentAreRemovedFromTheVolumeInTheSameCall() {
    String volumeId = volumeInA().getVolumeId();
    backend.api().attachVolume(attach(volumeId, "node-a1").addVolumeTags(tag("p", "rw")).addVolumeTags(tag("keep", "1")).build());

    backend.api().detachVolume(detach(volumeId, "node-a1").toBuilder().addRemoveVolumeTags("p").addRemoveVolumeTags("absent").build());

    assertThat(backend.describe(volumeId).getTagsList()).containsExactly(tag("keep", "1"));
    assertThat(backend.describe(volumeId).getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  @Test
  void aDetachmentOfNothingRemovesNoTags() {
    String volumeId = volumeInA().getVolumeId();
    backend.api().createTags(CreateTagsRequest.newBuilder().setResourceId(volumeId).addTags(tag("p", "rw")).build());

    assertFails(ErrorReason.ATTACHMENT_NOT_FOUND,
        () -> backend.api().detachVolume(detach(volumeId, "node-a1").toBuilder().addRemoveVolumeTags("p").build()));

    assertThat(backend.describe(volumeId).getTagsList()).containsExactly(tag("p", "rw"));
  }

  private static AttachVolumeRequest.Builder attach(String volumeId, String nodeId) {
    return AttachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId);
  }

  private static Tag tag(String key, String value) {
    return Tag.newBuilder().setKey(key).setValue(value).build();
  }

  @Test
  void attachingToAnUnknownNodeIsNodeNotFound() {
    String volumeId = volumeInA().getVolumeId();
    assertFails(ErrorReason.NODE_NOT_FOUND, () -> backend.attach(volumeId, "node-zz"))
        .hasMessageContaining("node-zz");
  }

  @Test
  void attachingAcrossZonesIsZoneMismatch() {
    String volumeId = volumeInA().getVolumeId();
    assertFails(ErrorReason.ZONE_MISMATCH, () -> backend.attach(volumeId, "node-b1"))
        .hasMessageContaining("sim-b");
  }

  @Test
  void attachingAVolumeInUseElsewhereIsVolumeInUse() {
    String volumeId = volumeInA().getVolumeId();
    backend.attach(volumeId, "node-a1");

    assertFails(ErrorReason.VOLUME_IN_USE, () -> backend.attach(volumeId, "node-a2"))
        .hasMessageContaining("node-a1");
  }

  @Test
  void multiAttachIo2VolumeAttachesToSeveralNodes() {
    Volume volume = backend.createVolume(r -> r.setSizeGib(10).setZone("sim-a")
        .setType(VolumeType.IO2).setMultiAttach(true));
    backend.attach(volume.getVolumeId(), "node-a1");

    backend.attach(volume.getVolumeId(), "node-a2");

    assertThat(backend.describe(volume.getVolumeId()).getAttachmentsList()).hasSize(2);
  }

  @Test
  void attachingBeyondTheNodeLimitIsAttachmentLimitExceeded() {
    backend.registerNode("node-small", "sim-a", 1);
    backend.attach(volumeInA().getVolumeId(), "node-small");
    String volumeId = volumeInA().getVolumeId();

    assertFails(ErrorReason.ATTACHMENT_LIMIT_EXCEEDED, () -> backend.attach(volumeId, "node-small"))
        .hasMessageContaining("node-small");
  }

  @Test
  void reRegisteringANodeUpdatesItsZoneAndLimit() {
    backend.registerNode("node-a1", "sim-b", 3);

    Node node = backend.api().describeNodes(DescribeNodesRequest.newBuilder()
        .addNodeIds("node-a1").build()).getNodes(0);

    assertThat(node.getZone()).isEqualTo("sim-b");
    assertThat(node.getAttachmentLimit()).isEqualTo(3);
  }

  @Test
  void detachRemovesTheAttachmentAndFreesTheVolume() {
    Volume volume = volumeInA();
    backend.attach(volume.getVolumeId(), "node-a1");

    Attachment detached = backend.api().detachVolume(detach(volume.getVolumeId(), "node-a1"))
        .getAttachment();

    assertThat(detached.getState()).isEqualTo(AttachmentState.DETACHED);
    Volume after = backend.describe(volume.getVolumeId());
    assertThat(after.getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(after.getAttachmentsList()).isEmpty();
  }

  @Test
  void detachingAPairThatIsNotAttachedIsAttachmentNotFound() {
    String volumeId = volumeInA().getVolumeId();
    assertFails(ErrorReason.ATTACHMENT_NOT_FOUND,
        () -> backend.api().detachVolume(detach(volumeId, "node-a1")));
  }

  @Test
  void deletingAnAttachedVolumeIsVolumeInUse() {
    String volumeId = volumeInA().getVolumeId();
    backend.attach(volumeId, "node-a1");

    assertFails(ErrorReason.VOLUME_IN_USE, () -> backend.api().deleteVolume(
        DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build()));
  }
}
