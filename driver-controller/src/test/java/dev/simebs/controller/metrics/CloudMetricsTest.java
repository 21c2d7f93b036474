package dev.simebs.controller.metrics;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.ControllerHarness.NODE_A;
import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerUnpublishVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.common.testing.Scrape;
import dev.simebs.controller.ControllerHarness;
import dev.simebs.controller.ControllerTelemetry;
import dev.simebs.controller.events.EventSink;
import io.grpc.Status;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller's cloud API series, as its backend calls move them. */
class CloudMetricsTest {

  @TempDir Path dir;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private ControllerHarness h;

  @BeforeEach
  void start() throws Exception {
    h = ControllerHarness.start(dir, ControllerHarness.CONFIG, new ControllerTelemetry(registry, EventSink.none()));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void answeredRequestsAreTimedPerRequest() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    h.controller().controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(volumeId).build());

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.value("simebs_api_request_duration_seconds_count", "request", "CreateVolume")).hasValue(1);
    assertThat(scrape.value("simebs_api_request_duration_seconds_sum", "request", "CreateVolume").getAsDouble()).isPositive();
    assertThat(scrape.sum("simebs_api_request_duration_seconds_count", "request", "DescribeVolumes")).isPositive();
  }

  @Test
  void throttledRequestsAreCountedApartFromErrors() {
    fault("CreateVolume", ErrorReason.REQUEST_LIMIT_EXCEEDED, 2);

    h.createVolume("pvc-1");

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.value("simebs_api_request_throttles_total", "request", "CreateVolume")).hasValue(2);
    assertThat(scrape.select("simebs_api_request_errors_total", "request", "CreateVolume")).isEmpty();
    assertThat(scrape.value("simebs_api_request_duration_seconds_count", "request", "CreateVolume")).hasValue(1);
  }

  @Test
  void failedRequestsAreCountedByErrorCode() {
    String volumeId = h.createVolumeIn(ZONE_A, "pvc-1").getVolumeId();
    h.admin().addFault(FaultRule.newBuilder()
        .setOperation("AttachVolume").setReason(ErrorReason.ATTACHMENT_LIMIT_EXCEEDED).setProbability(1.0).build());

    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED, () -> h.publish(volumeId, NODE_A));

    assertThat(Scrape.of(registry).value("simebs_api_request_errors_total",
            "request", "AttachVolume", "error", "AttachmentLimitExceeded"))
        .hasValue(1);
  }

  @Test
  void waitingForADetachIsCountedForTheVolumeAndNodeWithTheStateSeen() {
    String volumeId = h.createVolumeIn(ZONE_A, "pvc-1").getVolumeId();
    h.publish(volumeId, NODE_A);
    h.simulate(SimulationConfig.newBuilder()
        .addLatencies(LatencyRule.newBuilder().setOperation("DetachVolume").setMinMillis(200).setMaxMillis(200))
        .build());

    h.controller().controllerUnpublishVolume(
        ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(NODE_A).build());

    assertThat(Scrape.of(registry).value("simebs_detach_pending_seconds_total",
            "volume_id", volumeId, "node_id", NODE_A, "attachment_state", "detaching").getAsDouble())
        .isPositive();
  }

  @Test
  void errorCodesAreSpelledAsTheCloudsUsersReadThem() {
    assertThat(ErrorCodes.pascal("REQUEST_LIMIT_EXCEEDED")).isEqualTo("RequestLimitExceeded");
    assertThat(ErrorCodes.pascal("DEADLINE_EXCEEDED")).isEqualTo("DeadlineExceeded");
  }

  private void fault(String operation, ErrorReason reason, int next) {
    h.admin().addFault(FaultRule.newBuilder().setOperation(operation).setReason(reason).setNextN(next).build());
  }
}
