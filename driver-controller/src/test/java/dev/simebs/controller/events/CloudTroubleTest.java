package dev.simebs.controller.events;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.ControllerHarness.NODE_A;
import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerModifyVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.StuckAttachment;
import dev.simebs.controller.ControllerHarness;
import dev.simebs.controller.ControllerTelemetry;
import io.grpc.Status;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cloud-side trouble the controller meets becomes an event on the volume. */
class CloudTroubleTest {

  @TempDir Path dir;
  private final RecordingSink events = new RecordingSink();
  private ControllerHarness h;
  private String volumeId;

  @BeforeEach
  void start() throws Exception {
    // Any attaching attachment counts as stuck, so the test needs no waiting.
    h = ControllerHarness.start(dir, ControllerHarness.CONFIG,
        new ControllerTelemetry(new PrometheusRegistry(), events, Duration.ZERO));
    volumeId = h.createVolumeIn(ZONE_A, "pvc-1").getVolumeId();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aThrottledRequestAboutTheVolumeIsAnEventEvenWhenTheRetrySucceeds() {
    h.admin().addFault(FaultRule.newBuilder()
        .setOperation("AttachVolume").setReason(ErrorReason.REQUEST_LIMIT_EXCEEDED).setNextN(1).build());

    h.publish(volumeId, NODE_A);

    assertThat(events.about(volumeId, "Throttled")).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("AttachVolume", "RequestLimitExceeded"));
  }

  @Test
  void anAttachmentThatStaysAttachingIsReportedStuck() {
    h.simulate(SimulationConfig.newBuilder()
        .addStuckAttachments(StuckAttachment.newBuilder().setVolumeId(volumeId).setNodeId(NODE_A)).build());

    assertFailsWith(Status.Code.DEADLINE_EXCEEDED,
        () -> h.controller(Duration.ofMillis(500)).controllerPublishVolume(ControllerHarness.publishRequest(volumeId, NODE_A)));

    assertThat(events.about(volumeId, "StuckAttaching")).isNotEmpty()
        .allSatisfy(e -> assertThat(e.message()).contains("attaching to node " + NODE_A));
  }

  @Test
  void aVolumeTheCloudReportsImpairedIsAnEventWhenTheControllerLooksAtIt() {
    h.admin().setVolumeImpaired(SetVolumeImpairedRequest.newBuilder()
        .setVolumeId(volumeId).setImpaired(true).setReason("io stalled").build());

    h.controller().controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(volumeId).build());

    assertThat(events.about(volumeId, "VolumeImpaired")).isNotEmpty()
        .allSatisfy(e -> {
          assertThat(e.type()).isEqualTo(VolumeEvent.Type.Warning);
          assertThat(e.message()).contains("io stalled");
        });
  }

  @Test
  void aModificationTheCloudRefusesIsAnEvent() {
    h.admin().addFault(FaultRule.newBuilder()
        .setOperation("ModifyVolume").setReason(ErrorReason.INCORRECT_STATE).setProbability(1.0)
        .setMessage("the volume was modified less than 6 hours ago").build());

    assertFailsWith(Status.Code.FAILED_PRECONDITION, () -> h.controller().controllerModifyVolume(
        ControllerModifyVolumeRequest.newBuilder().setVolumeId(volumeId).putMutableParameters("iops", "4000").build()));

    assertThat(events.about(volumeId, "ModificationRejected")).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("less than 6 hours ago"));
  }

  @Test
  void aHealthyVolumeMakesNoEvent() {
    h.publish(volumeId, NODE_A);
    h.controller().controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(volumeId).build());

    assertThat(events.about(volumeId, "VolumeImpaired")).isEmpty();
    assertThat(events.about(volumeId, "Throttled")).isEmpty();
  }
}
