package dev.simebs.backend.zones;

import static dev.simebs.backend.api.ErrorReason.INSUFFICIENT_VOLUME_CAPACITY;
import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.Zone;
import dev.simebs.common.Orderings;
import java.sql.Connection;
import java.sql.SQLException;

/** Where a new volume goes: the requested zone, or the one with the most free capacity. */
public final class ZoneChoice {

  private ZoneChoice() {}

  /** The zone for a volume of {@code sizeGib}; it must exist and have room for it. */
  public static Zone pick(Connection c, String requested, long sizeGib) throws SQLException {
    Zone zone;
    if (requested.isEmpty()) {
      zone = ZoneRows.all(c).stream().max(Orderings.byNumber(Zone::getFreeGib))
          .orElseThrow(() -> BackendErrors.error(INSUFFICIENT_VOLUME_CAPACITY, "no zones"));
    } else {
      zone = ZoneRows.find(c, requested).orElseThrow(() -> BackendErrors.error(
          INVALID_PARAMETER_VALUE, "zone: unknown zone '%s'".formatted(requested)));
    }
    if (zone.getFreeGib() < sizeGib) {
      throw BackendErrors.error(INSUFFICIENT_VOLUME_CAPACITY,
          "zone %s has %d GiB free, %d GiB requested"
              .formatted(zone.getName(), zone.getFreeGib(), sizeGib));
    }
    return zone;
  }
}
