package dev.simebs.node;

import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.mount;
import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeServiceCapability;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.VolumeCapability;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.VolumeContextKeys;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad and hostile requests are refused before anything touches the system. */
class RequestValidationTest {

  private static final String FAKE_ID = "fake-vol-id-874b5051-e";

  private NodeHarness harness;
  private String volumeId;

  @BeforeEach
  void start() throws Exception {
    harness = NodeHarness.start();
    volumeId = harness.newVolume(16 * MIB);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void stageWithoutVolumeIdNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_id is required",
        () -> harness.node.nodeStageVolume(stage().clearVolumeId().build()));
  }

  @Test
  void stageWithoutStagingPathNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path is required",
        () -> harness.node.nodeStageVolume(stage().clearStagingTargetPath().build()));
  }

  // What csi-sanity v5.4.0 sends: an ID that cannot be ours, with a required field missing. The
  // missing field is the answer (INVALID_ARGUMENT), not the ID (NOT_FOUND).

  @Test
  void stageWithAFakeVolumeIdAndNoStagingPathIsInvalidArgument() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path is required",
        () ->
            harness.node.nodeStageVolume(
                NodeStageVolumeRequest.newBuilder()
                    .setVolumeId(FAKE_ID)
                    .setVolumeCapability(mount(""))
                    .putPublishContext("device", "/dev/mock")
                    .build()));
  }

  @Test
  void unstageWithAFakeVolumeIdAndNoStagingPathIsInvalidArgument() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path is required",
        () ->
            harness.node.nodeUnstageVolume(
                NodeUnstageVolumeRequest.newBuilder().setVolumeId(FAKE_ID).build()));
  }

  @Test
  void publishWithAFakeVolumeIdAndNoTargetIsInvalidArgument() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "target_path is required",
        () ->
            harness.node.nodePublishVolume(
                NodePublishVolumeRequest.newBuilder().setVolumeId(FAKE_ID).build()));
  }

  @Test
  void statsWithoutVolumeIdIsInvalidArgumentEvenForARelativePath() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_id is required",
        () ->
            harness.node.nodeGetVolumeStats(
                NodeGetVolumeStatsRequest.newBuilder().setVolumePath("some/path").build()));
  }

  @Test
  void expandOfAFakeVolumeAtARelativePathIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "not a SimEBS volume ID",
        () ->
            harness.node.nodeExpandVolume(
                NodeExpandVolumeRequest.newBuilder()
                    .setVolumeId(FAKE_ID)
                    .setVolumePath("some/path")
                    .build()));
  }

  @Test
  void expandWithoutVolumeIdIsInvalidArgument() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_id is required",
        () ->
            harness.node.nodeExpandVolume(
                NodeExpandVolumeRequest.newBuilder()
                    .setVolumePath(harness.kubeletDir.toString())
                    .setVolumeCapability(mount("ext4"))
                    .build()));
  }

  @Test
  void expandWithALimitBelowTheRequiredSizeIsOutOfRange() {
    assertFailsWith(
        Status.Code.OUT_OF_RANGE,
        "limit_bytes 1048576 is below required_bytes 2097152",
        () ->
            harness.node.nodeExpandVolume(
                NodeExpandVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setVolumePath(harness.target(volumeId, "pod").toString())
                    .setCapacityRange(
                        csi.v1.CapacityRange.newBuilder()
                            .setRequiredBytes(2 * MIB)
                            .setLimitBytes(MIB))
                    .build()));
  }

  @Test
  void expandWithANegativeSizeIsInvalidArgument() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "capacity_range must not hold negative byte counts",
        () ->
            harness.node.nodeExpandVolume(
                NodeExpandVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setVolumePath(harness.target(volumeId, "pod").toString())
                    .setCapacityRange(csi.v1.CapacityRange.newBuilder().setRequiredBytes(-1))
                    .build()));
  }

  @Test
  void stageWithoutCapabilityNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_capability is required",
        () -> harness.node.nodeStageVolume(stage().clearVolumeCapability().build()));
  }

  @Test
  void stageWithoutAccessTypeNamesTheField() {
    VolumeCapability noAccessType = mount("ext4").toBuilder().clearMount().build();
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_capability.access_type",
        () -> harness.node.nodeStageVolume(stage().setVolumeCapability(noAccessType).build()));
  }

  @Test
  void stageWithoutAccessModeNamesTheField() {
    VolumeCapability noMode = mount("ext4").toBuilder().clearAccessMode().build();
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_capability.access_mode",
        () -> harness.node.nodeStageVolume(stage().setVolumeCapability(noMode).build()));
  }

  @Test
  void stageWithoutBackingFileNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "publish_context backingFile is required",
        () -> harness.node.nodeStageVolume(stage().clearPublishContext().build()));
  }

  @Test
  void unknownFileSystemIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "ntfs is not supported",
        () -> harness.node.nodeStageVolume(stage().setVolumeCapability(mount("ntfs")).build()));
  }

  @Test
  void mountFlagThatWouldBindElsewhereIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "bind is not allowed",
        () ->
            harness.node.nodeStageVolume(
                stage().setVolumeCapability(mount("ext4", "noatime,bind")).build()));
  }

  @Test
  void nonNumericMkfsOptionIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "inodeSize must be a positive integer",
        () ->
            harness.node.nodeStageVolume(
                stage()
                    .putVolumeContext(VolumeContextKeys.INODE_SIZE, "256 -O ^has_journal")
                    .build()));
  }

  @Test
  void volumeIdWithPathSeparatorsIsRefusedAndTouchesNothing() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "publish_context backingFile must be named ../../etc/passwd.img",
        () -> harness.node.nodeStageVolume(stage().setVolumeId("../../etc/passwd").build()));
    String fakeId = "fake-vol-id-874b5051-e";
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "not a SimEBS volume ID",
        () ->
            harness.node.nodeStageVolume(
                stage()
                    .setVolumeId(fakeId)
                    .putPublishContext(
                        VolumeContextKeys.BACKING_FILE,
                        harness.dataDir.resolve("volumes/" + fakeId + ".img").toString())
                    .build()));
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "not a SimEBS volume ID",
        () ->
            harness.node.nodeUnstageVolume(
                NodeUnstageVolumeRequest.newBuilder()
                    .setVolumeId("vol-0123/../../x")
                    .setStagingTargetPath(harness.staging(volumeId).toString())
                    .build()));
    assertThat(harness.staging(volumeId)).doesNotExist();
  }

  @Test
  void relativeStagingPathIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path kubelet/staging: must be an absolute path",
        () ->
            harness.node.nodeStageVolume(stage().setStagingTargetPath("kubelet/staging").build()));
  }

  @Test
  void stagingPathWithDotDotIsInvalid() {
    String sneaky = harness.kubeletDir + "/plugins/../../../etc";
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "normalised",
        () -> harness.node.nodeStageVolume(stage().setStagingTargetPath(sneaky).build()));
  }

  @Test
  void targetOutsideTheKubeletDirectoryIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "must be inside " + harness.kubeletDir,
        () ->
            harness.node.nodePublishVolume(
                publish().setTargetPath(harness.root.resolve("elsewhere").toString()).build()));
  }

  @Test
  void backingFileOutsideTheBackendVolumesDirectoryIsInvalid() throws Exception {
    Path elsewhere = Files.createDirectories(harness.root.resolve("elsewhere"));
    Path file = Files.createFile(elsewhere.resolve(volumeId + ".img"));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "must be inside",
        () ->
            harness.node.nodeStageVolume(
                stage()
                    .putPublishContext(VolumeContextKeys.BACKING_FILE, file.toString())
                    .build()));
  }

  @Test
  void backingFileOfAnotherVolumeIsInvalid() throws Exception {
    String other = harness.newVolume(16 * MIB);
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "must be named " + volumeId + ".img",
        () ->
            harness.node.nodeStageVolume(
                stage()
                    .putPublishContext(
                        VolumeContextKeys.BACKING_FILE, harness.backingFile(other).toString())
                    .build()));
  }

  @Test
  void backingFileThatIsASymlinkIsInvalid() throws Exception {
    String linked = harness.newVolume(16 * MIB);
    Path link = harness.backingFile(linked);
    Path real = harness.root.resolve("real.img");
    Files.move(link, real);
    Files.createSymbolicLink(link, real);
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "must be a regular file",
        () -> harness.node.nodeStageVolume(harness.stageRequest(linked, mount("ext4")).build()));
  }

  @Test
  void backingFileThisNodeCannotSeeIsAFailedPreconditionNamingTheVolumeStore() throws Exception {
    Files.delete(harness.backingFile(volumeId));
    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        "is not visible on this node: the node's volume store (--backend-data-dir) must be the"
            + " backend's data directory",
        () -> harness.node.nodeStageVolume(stage().build()));
  }

  @Test
  void publishWithoutTargetNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "target_path is required",
        () -> harness.node.nodePublishVolume(publish().clearTargetPath().build()));
  }

  @Test
  void publishWithoutStagingPathIsFailedPreconditionAsTheSpecSays() {
    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        "staging_target_path is required",
        () -> harness.node.nodePublishVolume(publish().clearStagingTargetPath().build()));
  }

  @Test
  void publishWithoutCapabilityNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_capability is required",
        () -> harness.node.nodePublishVolume(publish().clearVolumeCapability().build()));
  }

  @Test
  void publishWithoutVolumeIdNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_id is required",
        () -> harness.node.nodePublishVolume(publish().clearVolumeId().build()));
  }

  @Test
  void unpublishWithoutTargetNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "target_path is required",
        () ->
            harness.node.nodeUnpublishVolume(
                NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId).build()));
  }

  @Test
  void unpublishWithoutVolumeIdNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_id is required",
        () ->
            harness.node.nodeUnpublishVolume(
                NodeUnpublishVolumeRequest.newBuilder()
                    .setTargetPath(harness.target(volumeId, "pod").toString())
                    .build()));
  }

  @Test
  void unstageWithoutStagingPathNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "staging_target_path is required",
        () ->
            harness.node.nodeUnstageVolume(
                NodeUnstageVolumeRequest.newBuilder().setVolumeId(volumeId).build()));
  }

  @Test
  void statsWithoutVolumePathNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_path is required",
        () ->
            harness.node.nodeGetVolumeStats(
                NodeGetVolumeStatsRequest.newBuilder().setVolumeId(volumeId).build()));
  }

  @Test
  void statsOfAnUnknownVolumeIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "not a SimEBS volume ID",
        () ->
            harness.node.nodeGetVolumeStats(
                NodeGetVolumeStatsRequest.newBuilder()
                    .setVolumeId("some-id")
                    .setVolumePath("some/path")
                    .build()));
  }

  @Test
  void statsOfARelativePathIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "volume_path some/path: must be an absolute path",
        () ->
            harness.node.nodeGetVolumeStats(
                NodeGetVolumeStatsRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setVolumePath("some/path")
                    .build()));
  }

  @Test
  void expandWithoutVolumePathNamesTheField() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_path is required",
        () ->
            harness.node.nodeExpandVolume(
                NodeExpandVolumeRequest.newBuilder().setVolumeId(volumeId).build()));
  }

  @Test
  void expandOfAPathThatIsNotMountedIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "cannot be at volume_path",
        () -> harness.expand(volumeId, harness.target(volumeId, "pod"), 0));
  }

  @Test
  void unpublishOfATargetThatDoesNotExistIsFine() {
    harness.unpublish(volumeId, harness.target(volumeId, "never-published"));
  }

  @Test
  void unstageOfAVolumeThatIsNotStagedIsFine() {
    harness.unstage(volumeId);
  }

  @Test
  void inlineVolumeWithoutABackendIsFailedPrecondition() {
    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        "need a backend",
        () -> harness.node.nodePublishVolume(inline("csi-abc123", mount("ext4")).build()));
  }

  @Test
  void inlineVolumeForBlockAccessIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "mount access only",
        () -> harness.node.nodePublishVolume(inline("csi-abc123", NodeHarness.block()).build()));
  }

  @Test
  void inlineVolumeIdWithPathCharactersIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "not a valid inline volume ID",
        () -> harness.node.nodePublishVolume(inline("csi/../../x", mount("ext4")).build()));
  }

  @Test
  void infoNamesTheNodeItsLimitAndZone() {
    var info = harness.node.nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());

    assertThat(info.getNodeId()).isEqualTo("node-1");
    assertThat(info.getMaxVolumesPerNode()).isEqualTo(25);
    assertThat(info.getAccessibleTopology().getSegmentsMap())
        .containsEntry(DriverInfo.ZONE_TOPOLOGY_KEY, "sim-a")
        .containsEntry(DriverInfo.WELL_KNOWN_ZONE_KEY, "sim-a");
  }

  @Test
  void capabilitiesAreStageStatsExpandConditionAndMultiWriter() {
    var capabilities =
        harness.node.nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance());

    assertThat(capabilities.getCapabilitiesList())
        .extracting(c -> c.getRpc().getType())
        .containsExactlyInAnyOrder(
            NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME,
            NodeServiceCapability.RPC.Type.GET_VOLUME_STATS,
            NodeServiceCapability.RPC.Type.EXPAND_VOLUME,
            NodeServiceCapability.RPC.Type.VOLUME_CONDITION,
            NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);
  }

  private NodeStageVolumeRequest.Builder stage() {
    return harness.stageRequest(volumeId, mount("ext4"));
  }

  private NodePublishVolumeRequest.Builder inline(String id, VolumeCapability capability) {
    return NodePublishVolumeRequest.newBuilder()
        .setVolumeId(id)
        .setTargetPath(harness.target("inline", "pod").toString())
        .setVolumeCapability(capability)
        .putVolumeContext(VolumeContextKeys.EPHEMERAL, "true");
  }

  private NodePublishVolumeRequest.Builder publish() {
    return harness.publishRequest(volumeId, mount("ext4"), harness.target(volumeId, "pod"), false);
  }
}
