package dev.simebs.controller.conformance;

import static dev.simebs.controller.ControllerHarness.NODE_A;
import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.conformance.CreateVolumeTest.requisite;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.DeleteVolumeRequest;
import csi.v1.ListVolumesRequest;
import dev.simebs.backend.api.ClearFaultsRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.GetSimulationRequest;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Faults injected through the backend's Admin service, as the controller must survive them. */
class FaultInjectionTest extends ConformanceTest {

  @Test
  void throttledCreateIsRetriedToSuccess() {
    fault(FaultRule.newBuilder().setOperation("CreateVolume").setReason(ErrorReason.REQUEST_LIMIT_EXCEEDED).setNextN(3));

    h.createVolume("pvc-1");

    assertThat(h.backendVolumes()).hasSize(1);
    assertThat(h.admin().getSimulation(GetSimulationRequest.getDefaultInstance()).getFaultsList()).isEmpty();
  }

  @Test
  void brieflyUnavailableAttachIsRetriedToSuccess() {
    String volumeId = h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_A))).getVolumeId();
    fault(FaultRule.newBuilder().setOperation("AttachVolume").setReason(ErrorReason.SERVICE_UNAVAILABLE).setNextN(2));

    h.publish(volumeId, NODE_A);
  }

  @Test
  void throttlingOnEveryDescribeIsRetriedToSuccessWhenItIsBursty() {
    h.createVolume("pvc-1");
    fault(FaultRule.newBuilder().setOperation("*").setReason(ErrorReason.REQUEST_LIMIT_EXCEEDED).setNextN(2));

    assertThat(h.controller().listVolumes(ListVolumesRequest.getDefaultInstance()).getEntriesList()).hasSize(1);
  }

  @Test
  void persistentThrottlingSurfacesAsUnavailableAndTheRepeatSucceedsOnceItStops() {
    FaultRule rule =
        fault(FaultRule.newBuilder().setOperation("CreateVolume").setReason(ErrorReason.REQUEST_LIMIT_EXCEEDED).setProbability(1.0));

    assertFailsWith(Status.Code.UNAVAILABLE, () -> h.createVolume("pvc-1")).contains("REQUEST_LIMIT_EXCEEDED");

    h.admin().clearFaults(ClearFaultsRequest.newBuilder().addIds(rule.getId()).build());
    h.createVolume("pvc-1");
    assertThat(h.backendVolumes()).hasSize(1);
  }

  @Test
  void insufficientCapacityIsResourceExhausted() {
    fault(FaultRule.newBuilder().setOperation("CreateVolume").setReason(ErrorReason.INSUFFICIENT_VOLUME_CAPACITY).setProbability(1.0));

    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED, () -> h.createVolume("pvc-1"));
  }

  @Test
  void attachmentLimitIsResourceExhausted() {
    String volumeId = h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_A))).getVolumeId();
    fault(FaultRule.newBuilder().setOperation("AttachVolume").setReason(ErrorReason.ATTACHMENT_LIMIT_EXCEEDED).setProbability(1.0));

    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED, () -> h.publish(volumeId, NODE_A));
  }

  @Test
  void backendInternalErrorIsInternal() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    fault(FaultRule.newBuilder().setOperation("CreateSnapshot").setReason(ErrorReason.INTERNAL_ERROR).setProbability(1.0));

    assertFailsWith(Status.Code.INTERNAL, () -> h.createSnapshot("snap-1", volumeId));
  }

  @Test
  void persistentUnavailabilityOfListingIsUnavailable() {
    fault(FaultRule.newBuilder().setOperation("DescribeVolumes").setReason(ErrorReason.SERVICE_UNAVAILABLE).setProbability(1.0));

    assertFailsWith(Status.Code.UNAVAILABLE, () -> h.controller().listVolumes(ListVolumesRequest.getDefaultInstance()));
  }

  @Test
  void faultOnOneVolumeLeavesTheOthersAlone() {
    String broken = h.createVolume("pvc-1").getVolumeId();
    String fine = h.createVolume("pvc-2").getVolumeId();
    fault(
        FaultRule.newBuilder()
            .setOperation("DeleteVolume")
            .setReason(ErrorReason.VOLUME_IN_USE)
            .setVolumeId(broken)
            .setProbability(1.0));

    assertFailsWith(Status.Code.FAILED_PRECONDITION, () -> h.controller().deleteVolume(delete(broken)));
    h.controller().deleteVolume(delete(fine));
    assertThat(h.backendVolumes()).extracting(v -> v.getVolumeId()).containsExactly(broken);
  }

  @Test
  void incorrectStateIsFailedPrecondition() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    fault(FaultRule.newBuilder().setOperation("ModifyVolume").setReason(ErrorReason.INCORRECT_STATE).setProbability(1.0));

    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        () ->
            h.controller()
                .controllerExpandVolume(
                    csi.v1.ControllerExpandVolumeRequest.newBuilder()
                        .setVolumeId(volumeId)
                        .setCapacityRange(csi.v1.CapacityRange.newBuilder().setRequiredBytes(2L << 30))
                        .build()));
  }

  private FaultRule fault(FaultRule.Builder rule) {
    return h.admin().addFault(rule.build());
  }

  private static DeleteVolumeRequest delete(String volumeId) {
    return DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build();
  }
}
