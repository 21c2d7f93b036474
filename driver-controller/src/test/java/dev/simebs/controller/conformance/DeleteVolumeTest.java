package dev.simebs.controller.conformance;

import static dev.simebs.controller.ControllerHarness.NODE_A;
import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.DeleteVolumeRequest;
import csi.v1.DeleteVolumeResponse;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class DeleteVolumeTest extends ConformanceTest {

  @Test
  void deletedVolumeIsGoneFromTheBackend() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    h.controller().deleteVolume(delete(volumeId));

    assertThat(h.backendVolumes()).isEmpty();
  }

  @Test
  void repeatedDeleteAnswersTheSame() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();

    DeleteVolumeResponse first = h.controller().deleteVolume(delete(volumeId));
    DeleteVolumeResponse second = h.controller().deleteVolume(delete(volumeId));

    assertThat(second).isEqualTo(first);
  }

  @Test
  void volumeThatDoesNotExistIsAlreadyDeleted() {
    h.controller().deleteVolume(delete("vol-00000000000000000"));
    h.controller().deleteVolume(delete("some-vol-id"));
  }

  @Test
  void missingVolumeIdIsInvalid() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.controller().deleteVolume(delete(""))).contains("volume_id");
  }

  @Test
  void attachedVolumeIsFailedPrecondition() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    h.publish(volumeId, NODE_A);

    assertFailsWith(Status.Code.FAILED_PRECONDITION, () -> h.controller().deleteVolume(delete(volumeId)));
    assertThat(h.backendVolumes()).hasSize(1);
  }

  static DeleteVolumeRequest delete(String volumeId) {
    return DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build();
  }
}
