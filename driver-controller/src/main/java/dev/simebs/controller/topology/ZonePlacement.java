package dev.simebs.controller.topology;

import csi.v1.TopologyRequirement;
import dev.simebs.common.errors.ControllerRefusal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the zone of a new volume from CreateVolume's accessibility requirements: the first
 * preferred zone that is also requisite, then the requisite zones in order, skipping zones the
 * backend does not have. No requirements leave the choice to the backend. A zone that cannot be
 * had is a refusal the CO answers by rescheduling (RESOURCE_EXHAUSTED), never a wrong request.
 *
 * @param requisite the zones the volume may be in; empty means any zone
 * @param preferred the zones to try first, in order
 */
public record ZonePlacement(List<String> requisite, List<String> preferred) {

  public static final ZonePlacement ANYWHERE = new ZonePlacement(List.of(), List.of());

  /** Reads the requirements; a topology without a zone key leaves the zone open. */
  public static ZonePlacement of(TopologyRequirement requirement) {
    Set<String> requisite = new LinkedHashSet<>();
    boolean unconstrained = false;
    for (int i = 0; i < requirement.getRequisiteCount(); i++) {
      Optional<String> zone =
          ZoneTopology.zoneOf(requirement.getRequisite(i), "accessibility_requirements.requisite[" + i + "]");
      if (zone.isPresent()) {
        requisite.add(zone.get());
      } else {
        unconstrained = true;
      }
    }
    List<String> preferred = new ArrayList<>();
    for (int i = 0; i < requirement.getPreferredCount(); i++) {
      ZoneTopology.zoneOf(requirement.getPreferred(i), "accessibility_requirements.preferred[" + i + "]")
          .ifPresent(preferred::add);
    }
    List<String> zones = unconstrained ? List.of() : List.copyOf(requisite);
    return new ZonePlacement(zones, preferredInOrder(preferred, zones));
  }

  /** True when a volume in {@code zone} meets the requirements. */
  public boolean allows(String zone) {
    return requisite.isEmpty() || requisite.contains(zone);
  }

  /** True when nothing constrains the zone. */
  public boolean isOpen() {
    return requisite.isEmpty() && preferred.isEmpty();
  }

  /**
   * The zone to create the volume in.
   *
   * @param existingZones the zones the backend has
   * @param fixedZone the zone the volume must be in (a clone's source zone), if any
   * @return empty when the backend may choose
   */
  public Optional<String> choose(Set<String> existingZones, Optional<String> fixedZone) {
    if (fixedZone.isPresent()) {
      String zone = fixedZone.get();
      if (!allows(zone)) {
        // Not the request's fault: another zone's node may be picked and the CO reschedules.
        throw ControllerRefusal.noRoom(
            "the source volume is in zone %s, which accessibility_requirements do not allow (%s)", zone, requisite);
      }
      return fixedZone;
    }
    if (isOpen()) {
      return Optional.empty();
    }
    List<String> candidates = new ArrayList<>(preferred);
    candidates.addAll(requisite.isEmpty() ? existingZones : requisite);
    for (String zone : candidates) {
      if (allows(zone) && existingZones.contains(zone)) {
        return Optional.of(zone);
      }
    }
    throw ControllerRefusal.noRoom(
        "none of the zones allowed by accessibility_requirements (%s) exists; zones are %s",
        requisite.isEmpty() ? preferred : requisite,
        existingZones);
  }

  private static List<String> preferredInOrder(List<String> preferred, List<String> requisite) {
    return preferred.stream().filter(z -> requisite.isEmpty() || requisite.contains(z)).distinct().toList();
  }
}
