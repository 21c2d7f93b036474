package dev.simebs.backend.zones;

import dev.simebs.backend.api.Zone;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the zones table; used_gib moves in the same transaction as the volumes it counts. */
public final class ZoneRows {

  private static final String SELECT = "SELECT name, capacity_gib, used_gib FROM zones";

  private ZoneRows() {}

  public static Optional<Zone> find(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE name = ?")) {
      s.setString(1, name);
      List<Zone> zones = all(s);
      return zones.isEmpty() ? Optional.empty() : Optional.of(zones.getFirst());
    }
  }

  public static List<Zone> all(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY name")) {
      return all(s);
    }
  }

  /** GiB used by volumes in every zone together. */
  public static long totalUsed(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(used_gib), 0) FROM zones");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  public static void addUsed(Connection c, String name, long deltaGib) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE zones SET used_gib = used_gib + ? WHERE name = ?")) {
      s.setLong(1, deltaGib);
      s.setString(2, name);
      s.executeUpdate();
    }
  }

  /** Sets the configured zones' capacities and recounts usage from the volumes table. */
  public static void configure(Connection c, List<ZoneSpec> zones) throws SQLException {
    for (ZoneSpec zone : zones) {
      add(c, zone);
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE zones SET used_gib ="
              + " (SELECT COALESCE(SUM(size_gib), 0) FROM volumes v WHERE v.zone = zones.name)");
    }
  }

  /** Adds a zone, or sets the capacity of one that exists. */
  public static void add(Connection c, ZoneSpec zone) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO zones (name, capacity_gib, used_gib) VALUES (?, ?, 0)"
            + " ON CONFLICT(name) DO UPDATE SET capacity_gib = excluded.capacity_gib")) {
      s.setString(1, zone.name());
      s.setLong(2, zone.capacityGib());
      s.executeUpdate();
    }
  }

  /** The zones' names, in order. */
  public static List<String> names(Connection c) throws SQLException {
    return all(c).stream().map(Zone::getName).toList();
  }

  private static List<Zone> all(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      List<Zone> zones = new ArrayList<>();
      while (rs.next()) {
        long capacity = rs.getLong(2);
        long used = rs.getLong(3);
        zones.add(Zone.newBuilder()
            .setName(rs.getString(1))
            .setCapacityGib(capacity)
            .setUsedGib(used)
            .setFreeGib(Math.max(0, capacity - used))
            .build());
      }
      return zones;
    }
  }
}
