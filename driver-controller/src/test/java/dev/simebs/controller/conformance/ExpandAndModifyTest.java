package dev.simebs.controller.conformance;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.ControllerHarness.GIB;
import static dev.simebs.controller.ControllerHarness.NODE_A;
import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static dev.simebs.controller.ControllerHarness.block;
import static dev.simebs.controller.conformance.CreateVolumeTest.requisite;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.ControllerModifyVolumeResponse;
import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.VolumeType;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExpandAndModifyTest extends ConformanceTest {

  @Test
  void expandGrowsTheVolumeAndAsksTheNodeToGrowItsFileSystem() throws Exception {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    ControllerExpandVolumeResponse response = h.controller().controllerExpandVolume(expand(volumeId, 3 * GIB).build());

    assertThat(response.getCapacityBytes()).isEqualTo(3 * GIB);
    assertThat(response.getNodeExpansionRequired()).isTrue();
    assertThat(h.backendVolume(volumeId).getSizeGib()).isEqualTo(3);
    assertThat(Files.size(Path.of(h.backendVolume(volumeId).getBackingFile()))).isEqualTo(3 * GIB);
  }

  @Test
  void blockVolumeNeedsNodeExpansionToRefreshItsLoopDevice() {
    String volumeId = h.createVolume("pvc-1", b -> b.clearVolumeCapabilities().addVolumeCapabilities(block(Mode.SINGLE_NODE_WRITER)))
        .getVolumeId();

    ControllerExpandVolumeResponse response =
        h.controller()
            .controllerExpandVolume(expand(volumeId, 2 * GIB).setVolumeCapability(block(Mode.SINGLE_NODE_WRITER)).build());

    assertThat(response.getCapacityBytes()).isEqualTo(2 * GIB);
    assertThat(response.getNodeExpansionRequired()).isTrue();
  }

  @Test
  void expandOfAPublishedVolumeWorksOnline() {
    String volumeId = h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_A))).getVolumeId();
    h.publish(volumeId, NODE_A);

    assertThat(h.controller().controllerExpandVolume(expand(volumeId, 2 * GIB).build()).getCapacityBytes()).isEqualTo(2 * GIB);
  }

  @Test
  void repeatedExpandAnswersTheSame() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    ControllerExpandVolumeResponse first = h.controller().controllerExpandVolume(expand(volumeId, 2 * GIB).build());
    ControllerExpandVolumeResponse second = h.controller().controllerExpandVolume(expand(volumeId, 2 * GIB).build());

    assertThat(second).isEqualTo(first);
  }

  @Test
  void expandToLessThanTheCurrentSizeKeepsTheSize() {
    String volumeId = h.createVolume("pvc-1", b -> b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(3 * GIB))).getVolumeId();

    assertThat(h.controller().controllerExpandVolume(expand(volumeId, GIB).build()).getCapacityBytes()).isEqualTo(3 * GIB);
  }

  @Test
  void limitBelowTheCurrentSizeIsOutOfRange() {
    String volumeId = h.createVolume("pvc-1", b -> b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(3 * GIB))).getVolumeId();

    assertFailsWith(
            Status.Code.OUT_OF_RANGE,
            () ->
                h.controller()
                    .controllerExpandVolume(
                        ControllerExpandVolumeRequest.newBuilder()
                            .setVolumeId(volumeId)
                            .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB).setLimitBytes(2 * GIB))
                            .build()))
        .contains("shrink");
  }

  @Test
  void slowModificationIsAwaited() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    h.simulate(
        SimulationConfig.newBuilder()
            .addLatencies(LatencyRule.newBuilder().setOperation("ModifyVolume").setMinMillis(150).setMaxMillis(150))
            .build());

    h.controller().controllerExpandVolume(expand(volumeId, 2 * GIB).build());

    assertThat(h.backendVolume(volumeId).getSizeGib()).isEqualTo(2);
  }

  @Test
  void expandOfAMissingVolumeIsNotFoundAndMissingArgumentsInvalid() {
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.controller().controllerExpandVolume(expand("vol-00000000000000000", GIB).build()));
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.controller().controllerExpandVolume(expand("some-vol-id", GIB).build()));
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.controller().controllerExpandVolume(expand("", GIB).build()))
        .contains("volume_id");
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().controllerExpandVolume(ControllerExpandVolumeRequest.newBuilder().setVolumeId(volumeId).build()))
        .contains("capacity_range");
  }

  @Test
  void modifyChangesTypeIopsAndThroughput() {
    String volumeId =
        h.createVolume(
                "pvc-1",
                b -> b.putParameters("type", "gp2").setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(10 * GIB)))
            .getVolumeId();

    h.controller()
        .controllerModifyVolume(
            modify(volumeId).putMutableParameters("type", "gp3").putMutableParameters("iops", "4000").putMutableParameters("throughput", "250").build());

    var volume = h.backendVolume(volumeId);
    assertThat(volume.getType()).isEqualTo(VolumeType.GP3);
    assertThat(volume.getIops()).isEqualTo(4000);
    assertThat(volume.getThroughputMibps()).isEqualTo(250);
  }

  @Test
  void repeatedModifyAnswersTheSame() {
    String volumeId = h.createVolume("pvc-1", b -> b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(10 * GIB))).getVolumeId();
    ControllerModifyVolumeRequest request = modify(volumeId).putMutableParameters("iops", "5000").build();

    ControllerModifyVolumeResponse first = h.controller().controllerModifyVolume(request);
    ControllerModifyVolumeResponse second = h.controller().controllerModifyVolume(request);

    assertThat(second).isEqualTo(first);
    assertThat(h.backendVolume(volumeId).getIops()).isEqualTo(5000);
  }

  @Test
  void modifyAddsTags() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    h.controller().controllerModifyVolume(modify(volumeId).putMutableParameters("tagSpecification_1", "tier=gold").build());

    assertThat(h.backendVolume(volumeId).getTagsList()).contains(CreateVolumeTest.tag("tier", "gold"));
  }

  @Test
  void unsupportedOrOutOfBoundsParametersAreInvalid() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().controllerModifyVolume(modify(volumeId).putMutableParameters("encrypted", "true").build()))
        .contains("encrypted");
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().controllerModifyVolume(modify(volumeId).putMutableParameters("iops", "99999").build()))
        .contains("16000");
  }

  @Test
  void emptyMutableParametersAreANoOpThatSucceeds() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    dev.simebs.backend.api.Volume before = h.backendVolume(volumeId);

    h.controller().controllerModifyVolume(modify(volumeId).build());

    assertThat(h.backendVolume(volumeId)).isEqualTo(before);
  }

  @Test
  void emptyMutableParametersForAMissingVolumeAreNotFound() {
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.controller().controllerModifyVolume(modify("vol-00000000000000000").build()));
  }

  @Test
  void iopsBeyondWhatTheSizeCarriesAreRefusedAndTheVolumeKeepsItsSize() {
    String volumeId = h.createVolume("pvc-1").getVolumeId(); // 1 GiB gp3: 500 IOPS per GiB at most

    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().controllerModifyVolume(modify(volumeId).putMutableParameters("iops", "4000").build()))
        .contains("IOPS");

    dev.simebs.backend.api.Volume unchanged = h.backendVolume(volumeId);
    assertThat(unchanged.getIops()).isEqualTo(3000);
    assertThat(unchanged.getSizeGib()).isEqualTo(1);
  }

  @Test
  void modifyRefusedByTheBackendRulesIsInvalid() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    // gp3 throughput may not exceed 0.25 MiB/s per IOPS: 750 MiB/s at the 3000 IOPS baseline
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().controllerModifyVolume(modify(volumeId).putMutableParameters("throughput", "1000").build()))
        .contains("throughput");
  }

  @Test
  void modifyOfAMissingVolumeIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND,
        () -> h.controller().controllerModifyVolume(modify("vol-00000000000000000").putMutableParameters("iops", "4000").build()));
  }

  private static ControllerExpandVolumeRequest.Builder expand(String volumeId, long bytes) {
    return ControllerExpandVolumeRequest.newBuilder()
        .setVolumeId(volumeId)
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes));
  }

  private static ControllerModifyVolumeRequest.Builder modify(String volumeId) {
    return ControllerModifyVolumeRequest.newBuilder().setVolumeId(volumeId);
  }
}
