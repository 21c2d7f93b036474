package dev.simebs.controller.conformance;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.ControllerHarness.GIB;
import static dev.simebs.controller.ControllerHarness.NODE_A2;
import static dev.simebs.controller.ControllerHarness.NODE_A;
import static dev.simebs.controller.ControllerHarness.NODE_B;
import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static dev.simebs.controller.ControllerHarness.block;
import static dev.simebs.controller.ControllerHarness.mount;
import static dev.simebs.controller.ControllerHarness.publishRequest;
import static dev.simebs.controller.conformance.CreateVolumeTest.requisite;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeResponse;
import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.Tag;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.controller.backend.DriverTags;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishTest extends ConformanceTest {

  @Test
  void publishAttachesAndTellsTheNodeItsBackingFileAndDevice() {
    String volumeId = volumeInZoneA("pvc-1");

    ControllerPublishVolumeResponse response = h.publish(volumeId, NODE_A);

    assertThat(Path.of(response.getPublishContextOrThrow(VolumeContextKeys.BACKING_FILE))).isRegularFile();
    assertThat(response.getPublishContextOrThrow(VolumeContextKeys.DEVICE_NAME)).startsWith("/dev/");
    assertThat(attachments(volumeId)).singleElement().satisfies(a -> {
      assertThat(a.getNodeId()).isEqualTo(NODE_A);
      assertThat(a.getState()).isEqualTo(AttachmentState.ATTACHED);
    });
  }

  @Test
  void publishRecordsHowItPublishedWithTheAttachmentItself() {
    String volumeId = volumeInZoneA("pvc-1");
    // Not one CreateTags would get through: the publication tag rides on AttachVolume.
    h.admin().addFault(FaultRule.newBuilder().setOperation("CreateTags").setReason(ErrorReason.INTERNAL_ERROR).setProbability(1).build());

    h.publish(volumeId, NODE_A);

    assertThat(h.backendVolume(volumeId).getTagsList()).extracting(Tag::getKey).contains(DriverTags.publication(NODE_A));
  }

  @Test
  void publishFindingTheVolumeAttachedButUnrecordedRecordsIt() {
    String volumeId = volumeInZoneA("pvc-1");
    // An earlier attempt that attached without recording (as a controller before this one did).
    h.backend().attachVolume(AttachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(NODE_A).build());

    h.publish(volumeId, NODE_A);

    assertThat(h.backendVolume(volumeId).getTagsList()).extracting(Tag::getKey).contains(DriverTags.publication(NODE_A));
    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        () -> h.controller().controllerPublishVolume(publishRequest(volumeId, NODE_A).toBuilder().setReadonly(true).build()));
  }

  @Test
  void repeatedPublishAnswersTheSame() {
    String volumeId = volumeInZoneA("pvc-1");

    ControllerPublishVolumeResponse first = h.publish(volumeId, NODE_A);
    ControllerPublishVolumeResponse second = h.publish(volumeId, NODE_A);

    assertThat(second).isEqualTo(first);
    assertThat(attachments(volumeId)).hasSize(1);
  }

  @Test
  void repeatedPublishWithAnotherReadonlyFlagIsAlreadyExists() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);

    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        () -> h.controller().controllerPublishVolume(publishRequest(volumeId, NODE_A).toBuilder().setReadonly(true).build()));
  }

  @Test
  void repeatedPublishWithAnotherCapabilityIsAlreadyExists() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);

    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        () ->
            h.controller()
                .controllerPublishVolume(
                    publishRequest(volumeId, NODE_A).toBuilder().setVolumeCapability(block(Mode.SINGLE_NODE_WRITER)).build()));
  }

  @Test
  void publicationIsRememberedAcrossAControllerRestart() throws Exception {
    String volumeId = volumeInZoneA("pvc-1");
    ControllerPublishVolumeResponse first = h.publish(volumeId, NODE_A);

    h.restartController();

    assertThat(h.publish(volumeId, NODE_A)).isEqualTo(first);
    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        () -> h.controller().controllerPublishVolume(publishRequest(volumeId, NODE_A).toBuilder().setReadonly(true).build()));
  }

  @Test
  void missingVolumeIsNotFound() {
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.publish("vol-00000000000000000", NODE_A));
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.publish("some-vol-id", NODE_A));
  }

  @Test
  void unknownNodeIsNotFound() {
    String volumeId = volumeInZoneA("pvc-1");

    assertFailsWith(Status.Code.NOT_FOUND, () -> h.publish(volumeId, "some-fake-node-id"));
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.publish(volumeId, "no such node!")).contains("no such node!");
  }

  @Test
  void missingArgumentsAreInvalidAndNamed() {
    String volumeId = volumeInZoneA("pvc-1");

    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.publish("", NODE_A)).contains("volume_id");
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.publish(volumeId, "")).contains("node_id");
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().controllerPublishVolume(publishRequest(volumeId, NODE_A).toBuilder().clearVolumeCapability().build()))
        .contains("volume_capability");
  }

  @Test
  void volumePublishedOnAnotherNodeIsFailedPreconditionNamingIt() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);

    assertFailsWith(Status.Code.FAILED_PRECONDITION, () -> h.publish(volumeId, NODE_A2)).contains(NODE_A);
  }

  @Test
  void multiAttachVolumePublishesOnSeveralNodes() {
    String volumeId = multiAttachVolume();

    h.controller().controllerPublishVolume(publishAs(volumeId, NODE_A, Mode.MULTI_NODE_MULTI_WRITER));
    h.controller().controllerPublishVolume(publishAs(volumeId, NODE_A2, Mode.MULTI_NODE_MULTI_WRITER));

    assertThat(attachments(volumeId)).extracting(a -> a.getNodeId()).containsExactlyInAnyOrder(NODE_A, NODE_A2);
  }

  @Test
  void multiAttachVolumeIsNotPublishedOnASecondNodeWhenAnyNodeAskedForASingleNodeMode() {
    String volumeId = multiAttachVolume();
    h.controller().controllerPublishVolume(publishAs(volumeId, NODE_A, Mode.SINGLE_NODE_WRITER));

    assertFailsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> h.controller().controllerPublishVolume(publishAs(volumeId, NODE_A2, Mode.MULTI_NODE_MULTI_WRITER)))
        .contains(NODE_A)
        .contains("single node");
    assertThat(attachments(volumeId)).extracting(a -> a.getNodeId()).containsExactly(NODE_A);
  }

  @Test
  void multiAttachVolumeIsNotPublishedOnASecondNodeThatAsksForASingleNodeMode() {
    String volumeId = multiAttachVolume();
    h.controller().controllerPublishVolume(publishAs(volumeId, NODE_A, Mode.MULTI_NODE_MULTI_WRITER));

    assertFailsWith(
            Status.Code.FAILED_PRECONDITION,
            () -> h.controller().controllerPublishVolume(publishAs(volumeId, NODE_A2, Mode.SINGLE_NODE_WRITER)))
        .contains(NODE_A);
    assertThat(attachments(volumeId)).extracting(a -> a.getNodeId()).containsExactly(NODE_A);
  }

  @Test
  void multiAttachVolumeIsReadOnlyManyOnSeveralNodes() {
    String volumeId = multiAttachVolume();

    h.controller().controllerPublishVolume(publishAs(volumeId, NODE_A, Mode.MULTI_NODE_READER_ONLY));
    h.controller().controllerPublishVolume(publishAs(volumeId, NODE_A2, Mode.MULTI_NODE_READER_ONLY));

    assertThat(attachments(volumeId)).extracting(a -> a.getNodeId()).containsExactlyInAnyOrder(NODE_A, NODE_A2);
  }

  @Test
  void readOnlyManyOfAFileSystemVolumeIsInvalidBecauseNoSecondNodeCouldAttachIt() {
    String volumeId = volumeInZoneA("pvc-1");

    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().controllerPublishVolume(
                publishRequest(volumeId, NODE_A).toBuilder().setVolumeCapability(mount(Mode.MULTI_NODE_READER_ONLY)).build()))
        .contains("MULTI_NODE_READER_ONLY");
  }

  @Test
  void retriedUnpublishThatFindsNoAttachmentStillForgetsThePublication() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);
    // An earlier attempt that detached and failed before it forgot the publication.
    h.backend().detachVolume(DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(NODE_A).build());
    assertThat(publicationTags(volumeId)).hasSize(1);

    h.controller().controllerUnpublishVolume(unpublish(volumeId, NODE_A));

    assertThat(publicationTags(volumeId)).isEmpty();
  }

  @Test
  void unpublishForgetsThePublicationWithTheDetachItself() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);
    // Not one DeleteTags would get through: the tag goes with the DetachVolume request.
    h.admin().addFault(FaultRule.newBuilder().setOperation("DeleteTags").setReason(ErrorReason.INTERNAL_ERROR).setProbability(1).build());

    h.controller().controllerUnpublishVolume(unpublish(volumeId, NODE_A));

    assertThat(attachments(volumeId)).isEmpty();
    assertThat(publicationTags(volumeId)).isEmpty();
  }

  @Test
  void unpublishWithoutNodeForgetsEveryPublication() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);
    // An earlier attempt that detached and failed before it forgot the publication.
    h.backend().detachVolume(DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(NODE_A).build());

    h.controller().controllerUnpublishVolume(unpublish(volumeId, ""));

    assertThat(publicationTags(volumeId)).isEmpty();
  }

  @Test
  void multiWriterCapabilityOnAnOrdinaryVolumeIsInvalid() {
    String volumeId = volumeInZoneA("pvc-1");

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        () ->
            h.controller()
                .controllerPublishVolume(
                    publishRequest(volumeId, NODE_A).toBuilder().setVolumeCapability(block(Mode.MULTI_NODE_MULTI_WRITER)).build()));
  }

  @Test
  void nodeInAnotherZoneIsFailedPrecondition() {
    String volumeId = volumeInZoneA("pvc-1");

    assertFailsWith(Status.Code.FAILED_PRECONDITION, () -> h.publish(volumeId, NODE_B));
  }

  @Test
  void fullNodeIsResourceExhausted() {
    h.registerNode("small", ZONE_A, 1);
    h.publish(volumeInZoneA("pvc-1"), "small");
    String second = volumeInZoneA("pvc-2");

    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED, () -> h.publish(second, "small"));
  }

  @Test
  void readonlyPublishIsRecordedAndRepeatable() {
    String volumeId = volumeInZoneA("pvc-1");
    ControllerPublishVolumeRequest readonly =
        publishRequest(volumeId, NODE_A).toBuilder()
            .setReadonly(true)
            .setVolumeCapability(mount(Mode.SINGLE_NODE_READER_ONLY))
            .build();

    assertThat(h.controller().controllerPublishVolume(readonly)).isEqualTo(h.controller().controllerPublishVolume(readonly));
  }

  @Test
  void slowAttachIsAwaitedUntilAttached() {
    String volumeId = volumeInZoneA("pvc-1");
    h.simulate(
        SimulationConfig.newBuilder()
            .addLatencies(LatencyRule.newBuilder().setOperation("AttachVolume").setMinMillis(150).setMaxMillis(150))
            .build());

    h.publish(volumeId, NODE_A);

    assertThat(attachments(volumeId)).singleElement().extracting(a -> a.getState()).isEqualTo(AttachmentState.ATTACHED);
  }

  @Test
  void unpublishDetachesAndRepeatsAnswerTheSame() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);

    ControllerUnpublishVolumeResponse first = h.controller().controllerUnpublishVolume(unpublish(volumeId, NODE_A));
    ControllerUnpublishVolumeResponse second = h.controller().controllerUnpublishVolume(unpublish(volumeId, NODE_A));

    assertThat(second).isEqualTo(first);
    assertThat(attachments(volumeId)).isEmpty();
  }

  @Test
  void slowDetachIsAwaitedUntilDetached() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);
    h.simulate(
        SimulationConfig.newBuilder()
            .addLatencies(LatencyRule.newBuilder().setOperation("DetachVolume").setMinMillis(150).setMaxMillis(150))
            .build());

    h.controller().controllerUnpublishVolume(unpublish(volumeId, NODE_A));

    assertThat(attachments(volumeId)).isEmpty();
  }

  @Test
  void unpublishWithoutNodeDetachesFromEveryNode() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);

    h.controller().controllerUnpublishVolume(unpublish(volumeId, ""));

    assertThat(attachments(volumeId)).isEmpty();
  }

  @Test
  void unpublishOfWhatDoesNotExistSucceeds() {
    String volumeId = volumeInZoneA("pvc-1");

    h.controller().controllerUnpublishVolume(unpublish(volumeId, NODE_A));
    h.controller().controllerUnpublishVolume(unpublish(volumeId, "some-fake-node-id"));
    h.controller().controllerUnpublishVolume(unpublish("vol-00000000000000000", NODE_A));
    h.controller().controllerUnpublishVolume(unpublish("some-vol-id", NODE_A));
  }

  @Test
  void unpublishWithoutVolumeIdIsInvalid() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.controller().controllerUnpublishVolume(unpublish("", NODE_A)))
        .contains("volume_id");
  }

  @Test
  void volumeCanMoveToAnotherNodeAfterUnpublish() {
    String volumeId = volumeInZoneA("pvc-1");
    h.publish(volumeId, NODE_A);
    h.controller().controllerUnpublishVolume(unpublish(volumeId, NODE_A));

    h.publish(volumeId, NODE_A2);

    assertThat(attachments(volumeId)).singleElement().extracting(a -> a.getNodeId()).isEqualTo(NODE_A2);
  }

  private String multiAttachVolume() {
    return h.createVolume(
            "shared",
            b ->
                b.clearVolumeCapabilities()
                    .addVolumeCapabilities(block(Mode.MULTI_NODE_MULTI_WRITER))
                    .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(4 * GIB))
                    .putParameters("type", "io2")
                    .putParameters("multiAttach", "true")
                    .setAccessibilityRequirements(requisite(ZONE_A)))
        .getVolumeId();
  }

  private static ControllerPublishVolumeRequest publishAs(String volumeId, String nodeId, Mode mode) {
    return publishRequest(volumeId, nodeId).toBuilder().setVolumeCapability(block(mode)).build();
  }

  private List<String> publicationTags(String volumeId) {
    return h.backendVolume(volumeId).getTagsList().stream()
        .map(dev.simebs.backend.api.Tag::getKey)
        .filter(key -> key.startsWith("ebs.csi.simebs.dev/published-"))
        .toList();
  }

  private String volumeInZoneA(String name) {
    return h.createVolume(name, b -> b.setAccessibilityRequirements(requisite(ZONE_A))).getVolumeId();
  }

  private List<dev.simebs.backend.api.Attachment> attachments(String volumeId) {
    return h.backend()
        .describeAttachments(DescribeAttachmentsRequest.newBuilder().setVolumeId(volumeId).build())
        .getAttachmentsList();
  }

  static ControllerUnpublishVolumeRequest unpublish(String volumeId, String nodeId) {
    return ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId).build();
  }
}
