package dev.simebs.backend.zones;

import dev.simebs.backend.api.Zone;
import dev.simebs.backend.store.Database;
import java.util.List;

/** Zones with their capacity, used and free GiB. */
public final class ZoneService {

  private final Database db;

  public ZoneService(Database db) {
    this.db = db;
  }

  public List<Zone> describe() {
    return db.read(ZoneRows::all);
  }
}
