package dev.simebs.controller.topology;

import static dev.simebs.common.testing.DomainAssertions.assertInvalid;
import static dev.simebs.common.testing.DomainAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import dev.simebs.common.errors.ControllerRefusal.Reason;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ZonePlacementTest {

  private static final Set<String> ZONES = new TreeSet<>(Set.of("sim-a", "sim-b", "sim-c"));

  @Test
  void withoutRequirementsTheBackendChooses() {
    assertThat(ZonePlacement.ANYWHERE.choose(ZONES, Optional.empty())).isEmpty();
  }

  @Test
  void preferredZoneWinsWhenItIsRequisite() {
    ZonePlacement placement =
        ZonePlacement.of(
            TopologyRequirement.newBuilder()
                .addRequisite(ours("sim-a"))
                .addRequisite(ours("sim-b"))
                .addPreferred(ours("sim-b"))
                .build());

    assertThat(placement.choose(ZONES, Optional.empty())).hasValue("sim-b");
  }

  @Test
  void requisiteInOrderWhenNothingIsPreferred() {
    ZonePlacement placement =
        ZonePlacement.of(TopologyRequirement.newBuilder().addRequisite(ours("sim-c")).addRequisite(ours("sim-a")).build());

    assertThat(placement.choose(ZONES, Optional.empty())).hasValue("sim-c");
  }

  @Test
  void wellKnownZoneKeyIsReadLikeOurs() {
    ZonePlacement placement = ZonePlacement.of(TopologyRequirement.newBuilder().addPreferred(wellKnown("sim-b")).build());

    assertThat(placement.choose(ZONES, Optional.empty())).hasValue("sim-b");
  }

  @Test
  void zonesTheBackendDoesNotHaveAreSkipped() {
    ZonePlacement placement =
        ZonePlacement.of(
            TopologyRequirement.newBuilder()
                .addRequisite(ours("mars-1"))
                .addRequisite(ours("sim-a"))
                .addPreferred(ours("mars-1"))
                .build());

    assertThat(placement.choose(ZONES, Optional.empty())).hasValue("sim-a");
  }

  @Test
  void onlyUnknownZonesIsResourceExhausted() {
    ZonePlacement placement = ZonePlacement.of(TopologyRequirement.newBuilder().addRequisite(ours("mars-1")).build());

    assertRefused(Reason.NO_ROOM, () -> placement.choose(ZONES, Optional.empty())).contains("mars-1");
  }

  @Test
  void cloneStaysInItsSourceZoneWhenAllowed() {
    ZonePlacement placement =
        ZonePlacement.of(TopologyRequirement.newBuilder().addRequisite(ours("sim-a")).addRequisite(ours("sim-b")).build());

    assertThat(placement.choose(ZONES, Optional.of("sim-b"))).hasValue("sim-b");
  }

  @Test
  void cloneSourceOutsideTheRequirementsFindsNoRoom() {
    ZonePlacement placement = ZonePlacement.of(TopologyRequirement.newBuilder().addRequisite(ours("sim-a")).build());

    assertRefused(Reason.NO_ROOM, () -> placement.choose(ZONES, Optional.of("sim-b"))).contains("sim-b");
  }

  @Test
  void topologyWithoutZoneLeavesTheZoneOpen() {
    ZonePlacement placement =
        ZonePlacement.of(
            TopologyRequirement.newBuilder()
                .addRequisite(Topology.newBuilder().putSegments("kubernetes.io/hostname", "n1"))
                .build());

    assertThat(placement.allows("sim-c")).isTrue();
    assertThat(placement.isOpen()).isTrue();
  }

  @Test
  void topologyNamingTwoZonesIsInvalid() {
    Topology both =
        Topology.newBuilder()
            .putSegments("topology.ebs.csi.simebs.dev/zone", "sim-a")
            .putSegments("topology.kubernetes.io/zone", "sim-b")
            .build();

    assertInvalid(() -> ZonePlacement.of(TopologyRequirement.newBuilder().addRequisite(both).build()));
  }

  @Test
  void volumeTopologyUsesOurKey() {
    assertThat(ZoneTopology.of("sim-a").getSegmentsMap()).containsExactly(java.util.Map.entry("topology.ebs.csi.simebs.dev/zone", "sim-a"));
  }

  static Topology ours(String zone) {
    return ZoneTopology.of(zone);
  }

  static Topology wellKnown(String zone) {
    return Topology.newBuilder().putSegments("topology.kubernetes.io/zone", zone).build();
  }
}
