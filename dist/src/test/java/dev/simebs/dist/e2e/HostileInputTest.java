package dev.simebs.dist.e2e;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.VolumeCapability;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input an attacker or a buggy CO could send, through the all-in-one socket: every call answers
 * with the spec's code, never INTERNAL or UNKNOWN, and nothing outside the driver's own
 * directories is touched.
 */
class HostileInputTest {

  private static final List<String> HOSTILE_IDS =
      List.of(
          "../../etc/passwd",
          "vol-../../../tmp/x",
          "/etc/shadow",
          "vol-0123456789abcdef0/../../x",
          "vol-0123456789ABCDEF0",
          "vol-0123456789abcdef0\u0000",
          "snap-0123456789abcdef0",
          "x".repeat(10_000));

  @TempDir Path dir;
  private AllInOneDriver driver;

  @BeforeEach
  void start() throws Exception {
    driver = AllInOneDriver.start(dir);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void hostileVolumeIdsAreNotFoundOrInvalidNeverInternal() {
    for (String id : HOSTILE_IDS) {
      assertThat(codeOf(() -> driver.controller.deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(id).build())))
          .as("DeleteVolume %s", id)
          .isIn(Status.Code.OK, Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.controller.controllerPublishVolume(
                          ControllerPublishVolumeRequest.newBuilder()
                              .setVolumeId(id)
                              .setNodeId(driver.nodeId)
                              .setVolumeCapability(AllInOneDriver.mount("ext4"))
                              .build())))
          .as("ControllerPublishVolume %s", id)
          .isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.controller.validateVolumeCapabilities(
                          ValidateVolumeCapabilitiesRequest.newBuilder()
                              .setVolumeId(id)
                              .addVolumeCapabilities(AllInOneDriver.mount("ext4"))
                              .build())))
          .as("ValidateVolumeCapabilities %s", id)
          .isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.controller.controllerExpandVolume(
                          ControllerExpandVolumeRequest.newBuilder()
                              .setVolumeId(id)
                              .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(2L << 30))
                              .build())))
          .as("ControllerExpandVolume %s", id)
          .isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.node.nodeStageVolume(
                          NodeStageVolumeRequest.newBuilder()
                              .setVolumeId(id)
                              .setStagingTargetPath(dir.resolve("staging").toString())
                              .setVolumeCapability(AllInOneDriver.mount("ext4"))
                              .putPublishContext("backingFile", "/etc/passwd")
                              .build())))
          .as("NodeStageVolume %s", id)
          .isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.node.nodeUnstageVolume(
                          NodeUnstageVolumeRequest.newBuilder()
                              .setVolumeId(id)
                              .setStagingTargetPath(dir.resolve("staging").toString())
                              .build())))
          .as("NodeUnstageVolume %s", id)
          .isIn(Status.Code.OK, Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.node.nodeUnpublishVolume(
                          NodeUnpublishVolumeRequest.newBuilder()
                              .setVolumeId(id)
                              .setTargetPath(dir.resolve("target").toString())
                              .build())))
          .as("NodeUnpublishVolume %s", id)
          .isIn(Status.Code.OK, Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.node.nodeGetVolumeStats(
                          NodeGetVolumeStatsRequest.newBuilder()
                              .setVolumeId(id)
                              .setVolumePath(dir.toString())
                              .build())))
          .as("NodeGetVolumeStats %s", id)
          .isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
    }
    assertThat(Path.of("/etc/passwd")).isRegularFile();
  }

  @Test
  void hostileSnapshotIdsAreHandledWithoutInternalErrors() {
    for (String id : HOSTILE_IDS) {
      assertThat(codeOf(() -> driver.controller.deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build())))
          .as("DeleteSnapshot %s", id)
          .isIn(Status.Code.OK, Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.create(
                          "from-hostile-" + Integer.toHexString(id.hashCode()),
                          1L << 30,
                          AllInOneDriver.mount("ext4"),
                          AllInOneDriver.fromSnapshot(id))))
          .as("CreateVolume from snapshot %s", id)
          .isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.controller.createSnapshot(
                          CreateSnapshotRequest.newBuilder().setName("s-" + Integer.toHexString(id.hashCode())).setSourceVolumeId(id).build())))
          .as("CreateSnapshot of %s", id)
          .isIn(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 62, 70_000L << 30})
  void absurdCapacitiesAreOutOfRangeNotInternal(long bytes) {
    assertThat(codeOf(() -> driver.create("huge-" + bytes, bytes, AllInOneDriver.mount("ext4"))))
        .isIn(Status.Code.OUT_OF_RANGE, Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void negativeCapacityIsRejected() {
    assertThat(
            codeOf(
                () ->
                    driver.controller.createVolume(
                        CreateVolumeRequest.newBuilder()
                            .setName("negative")
                            .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(-1))
                            .addVolumeCapabilities(AllInOneDriver.mount("ext4"))
                            .build())))
        .isIn(Status.Code.OUT_OF_RANGE, Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void veryLongNamesAndParameterValuesGetAClearAnswer() {
    String longName = "n".repeat(100_000);
    assertThat(codeOf(() -> driver.create(longName, 1L << 30, AllInOneDriver.mount("ext4"))))
        .isIn(Status.Code.OK, Status.Code.INVALID_ARGUMENT);
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () ->
                driver.controller.createVolume(
                    CreateVolumeRequest.newBuilder()
                        .setName("bad-param")
                        .addVolumeCapabilities(AllInOneDriver.mount("ext4"))
                        .putParameters("type", "gp3\u0000; rm -rf /")
                        .build()))
        .contains("type");
  }

  @Test
  void unsupportedFileSystemIsInvalidArgumentNamingIt() {
    VolumeCapability vfat =
        VolumeCapability.newBuilder()
            .setMount(VolumeCapability.MountVolume.newBuilder().setFsType("vfat; reboot"))
            .setAccessMode(
                VolumeCapability.AccessMode.newBuilder()
                    .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
            .build();
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> driver.create("vfat", 1L << 30, vfat)).contains("vfat");
  }

  @Test
  void pathsOutsideAbsoluteNormalFormAreRefusedByTheNode() throws Exception {
    var volume = driver.create("paths", 1L << 30, AllInOneDriver.mount("ext4"));
    var context = driver.controllerPublish(volume, AllInOneDriver.mount("ext4"), false);
    for (String path : List.of("relative/path", dir + "/../../etc", "", dir + "/a/./../b")) {
      assertThat(
              codeOf(
                  () ->
                      driver.node.nodeStageVolume(
                          NodeStageVolumeRequest.newBuilder()
                              .setVolumeId(volume.getVolumeId())
                              .putAllPublishContext(context)
                              .setStagingTargetPath(path)
                              .setVolumeCapability(AllInOneDriver.mount("ext4"))
                              .build())))
          .as("staging path %s", path)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(
              codeOf(
                  () ->
                      driver.node.nodePublishVolume(
                          NodePublishVolumeRequest.newBuilder()
                              .setVolumeId(volume.getVolumeId())
                              .putAllPublishContext(context)
                              .setStagingTargetPath(driver.stagingPath(volume).toString())
                              .setTargetPath(path)
                              .setVolumeCapability(AllInOneDriver.mount("ext4"))
                              .build())))
          .as("target path %s", path)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    assertThat(Files.exists(Path.of("relative"))).isFalse();
  }

  private static Status.Code codeOf(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }
}
