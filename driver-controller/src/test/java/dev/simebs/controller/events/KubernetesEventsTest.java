package dev.simebs.controller.events;

import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGetVolumeRequest;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import dev.simebs.common.DriverInfo;
import dev.simebs.controller.ControllerHarness;
import dev.simebs.controller.ControllerTelemetry;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volume events land on the PersistentVolume and its claim in a Kubernetes API (fabric8's mock). */
@EnableKubernetesMockClient(crud = true)
class KubernetesEventsTest {

  private static final String VOLUME = "vol-0123456789abcdef0";

  KubernetesClient client;
  @TempDir Path dir;
  private final MovableClock clock = new MovableClock();
  private KubernetesEvents events;

  @BeforeEach
  void boundClaim() {
    events = new KubernetesEvents(client, clock, Duration.ofMinutes(5), "controller-0");
    bind(VOLUME, "pv-1", "apps", "data");
  }

  @Test
  void anEventIsRecordedOnTheClaimAndOnThePersistentVolume() throws Exception {
    events.record(VolumeEvent.warning(VOLUME, "StuckAttaching", "attaching to node n1 for 45 s"));
    events.flush();

    Event onClaim = only(client.v1().events().inNamespace("apps").list().getItems());
    assertThat(onClaim.getInvolvedObject().getKind()).isEqualTo("PersistentVolumeClaim");
    assertThat(onClaim.getInvolvedObject().getName()).isEqualTo("data");
    assertThat(onClaim.getInvolvedObject().getUid()).isEqualTo(claim("apps", "data").getMetadata().getUid());
    assertThat(onClaim.getType()).isEqualTo("Warning");
    assertThat(onClaim.getReason()).isEqualTo("StuckAttaching");
    assertThat(onClaim.getMessage()).isEqualTo("attaching to node n1 for 45 s");
    assertThat(onClaim.getSource().getComponent()).isEqualTo(DriverInfo.DRIVER_NAME);
    assertThat(onClaim.getReportingInstance()).isEqualTo("controller-0");

    Event onVolume = only(client.v1().events().inNamespace("default").list().getItems());
    assertThat(onVolume.getInvolvedObject().getKind()).isEqualTo("PersistentVolume");
    assertThat(onVolume.getInvolvedObject().getName()).isEqualTo("pv-1");
  }

  @Test
  void repeatsWithinTheWindowAreDroppedAndTheNextWindowGetsOneAgain() throws Exception {
    VolumeEvent throttled = VolumeEvent.warning(VOLUME, "Throttled", "the cloud throttled DescribeVolumes");
    events.record(throttled);
    events.record(throttled);
    clock.advance(Duration.ofMinutes(4));
    events.record(throttled);
    events.flush();
    assertThat(client.v1().events().inNamespace("apps").list().getItems()).hasSize(1);

    clock.advance(Duration.ofMinutes(2));
    events.record(throttled);
    events.flush();
    assertThat(client.v1().events().inNamespace("apps").list().getItems()).hasSize(2);
  }

  @Test
  void aVolumeThatNoPersistentVolumeNamesGetsNoEvent() throws Exception {
    events.record(VolumeEvent.warning("vol-00000000000000001", "VolumeImpaired", "impaired"));
    events.flush();

    assertThat(client.v1().events().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void anImpairedVolumeSeenByTheControllerReachesItsClaim() throws Exception {
    try (ControllerHarness h = ControllerHarness.start(dir, ControllerHarness.CONFIG,
        new ControllerTelemetry(new PrometheusRegistry(), events))) {
      String volumeId = h.createVolumeIn(ZONE_A, "pvc-1").getVolumeId();
      bind(volumeId, "pv-2", "shop", "orders");
      h.admin().setVolumeImpaired(SetVolumeImpairedRequest.newBuilder()
          .setVolumeId(volumeId).setImpaired(true).setReason("io stalled").build());

      h.controller().controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(volumeId).build());
      events.flush();
    }

    Event onClaim = only(client.v1().events().inNamespace("shop").list().getItems());
    assertThat(onClaim.getReason()).isEqualTo("VolumeImpaired");
    assertThat(onClaim.getMessage()).contains("io stalled");
    assertThat(onClaim.getInvolvedObject().getName()).isEqualTo("orders");
  }

  private void bind(String volumeId, String pvName, String namespace, String claimName) {
    client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(claimName).withNamespace(namespace).withUid("uid-" + claimName).endMetadata()
        .withNewSpec().withVolumeName(pvName).endSpec()
        .build()).create();
    client.persistentVolumes().resource(new PersistentVolumeBuilder()
        .withNewMetadata().withName(pvName).endMetadata()
        .withNewSpec()
        .withNewCsi().withDriver(DriverInfo.DRIVER_NAME).withVolumeHandle(volumeId).endCsi()
        .withNewClaimRef().withNamespace(namespace).withName(claimName).endClaimRef()
        .endSpec()
        .build()).create();
  }

  private PersistentVolumeClaim claim(String namespace, String name) {
    return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
  }

  private static Event only(List<Event> events) {
    assertThat(events).hasSize(1);
    return events.getFirst();
  }

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-28T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
