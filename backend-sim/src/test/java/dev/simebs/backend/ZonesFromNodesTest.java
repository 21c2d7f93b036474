package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Zone;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zones come from the cluster: accepted from nodes, or configured and then enforced loudly. */
class ZonesFromNodesTest {

  @TempDir Path dir;

  @Test
  void aBackendTakingZonesFromNodesAddsTheZoneANodeReports() throws Exception {
    BackendConfig config = BackendConfig.defaults(dir).withZonesFromNodes().withZones(List.of());
    try (TestBackend backend = new TestBackend(config)) {
      backend.registerNode("worker-1", "us-east-1a");
      backend.registerNode("worker-2", "us-east-1b");
      backend.registerNode("worker-3", "us-east-1a");

      assertThat(zones(backend)).extracting(Zone::getName).containsExactly("us-east-1a", "us-east-1b");
      assertThat(backend.createVolume(r -> r.setSizeGib(1).setZone("us-east-1b")).getZone())
          .isEqualTo("us-east-1b");
    }
  }

  @Test
  void aBackendWithConfiguredZonesNamesBothSidesWhenANodeDisagrees() throws Exception {
    try (TestBackend backend = TestBackend.open(dir)) {
      assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.registerNode("worker-1", "us-east-1a"))
          .hasMessageContaining("node worker-1 is in zone 'us-east-1a'")
          .hasMessageContaining("[sim-a, sim-b]")
          .hasMessageContaining("--zones-from-nodes");
      assertThat(zones(backend)).extracting(Zone::getName).containsExactly("sim-a", "sim-b");
    }
  }

  @Test
  void aNodeWithoutAZoneIsToldHowToGiveItOne() throws Exception {
    BackendConfig config = BackendConfig.defaults(dir).withZonesFromNodes();
    try (TestBackend backend = new TestBackend(config)) {
      assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.registerNode("worker-1", ""))
          .hasMessageContaining("reports no zone")
          .hasMessageContaining("topology.kubernetes.io/zone");
    }
  }

  private static List<Zone> zones(TestBackend backend) {
    return backend.api().describeZones(DescribeZonesRequest.getDefaultInstance()).getZonesList();
  }
}
