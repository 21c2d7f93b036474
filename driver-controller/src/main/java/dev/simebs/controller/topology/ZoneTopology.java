package dev.simebs.controller.topology;

import csi.v1.Topology;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.Optional;

/** Zones in CSI topology segments: ours and the well-known Kubernetes key, read alike. */
public final class ZoneTopology {

  private ZoneTopology() {}

  /** The segment SimEBS reports for a volume in {@code zone}. */
  public static Topology of(String zone) {
    return Topology.newBuilder().putSegments(DriverInfo.ZONE_TOPOLOGY_KEY, zone).build();
  }

  /**
   * The zone a topology names, or empty when it names none (any zone then fits). A topology that
   * names two different zones under the two keys is INVALID_ARGUMENT.
   */
  public static Optional<String> zoneOf(Topology topology, String field) {
    String ours = topology.getSegmentsOrDefault(DriverInfo.ZONE_TOPOLOGY_KEY, "");
    String wellKnown = topology.getSegmentsOrDefault(DriverInfo.WELL_KNOWN_ZONE_KEY, "");
    if (!ours.isEmpty() && !wellKnown.isEmpty() && !ours.equals(wellKnown)) {
      throw new InvalidRequest(
          "%s names zone \"%s\" under %s and \"%s\" under %s",
          field, ours, DriverInfo.ZONE_TOPOLOGY_KEY, wellKnown, DriverInfo.WELL_KNOWN_ZONE_KEY);
    }
    return Optional.of(ours.isEmpty() ? wellKnown : ours).filter(zone -> !zone.isEmpty());
  }
}
