package dev.simebs.backend.volumes;

import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.store.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the volumes table; the protobuf body is the record, the columns serve queries. */
public final class VolumeRows {

  /**
   * A volume as stored, with the request that created it (for idempotency checks) and whether it
   * was ever attached (a volume never attached was never written).
   */
  public record Stored(Volume volume, byte[] request, long dueAt, boolean attachedOnce) {}

  private static final String COLUMNS = "body, request, due_at, attached_once";

  private static final String TABLE = "volumes";

  private VolumeRows() {}

  public static Optional<Stored> find(Connection c, String id) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM volumes WHERE id = ?", id);
  }

  public static Optional<Stored> findByToken(Connection c, String token) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM volumes WHERE client_token = ?", token);
  }

  /** Up to {@code limit} volumes with IDs after {@code afterId}, in ID order. */
  public static List<Volume> page(Connection c, String afterId, int limit) throws SQLException {
    return storedPage(c, afterId, limit).stream().map(Stored::volume).toList();
  }

  /** Like {@link #page}, with what is stored beside each volume. */
  public static List<Stored> storedPage(Connection c, String afterId, int limit)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM volumes WHERE id > ? ORDER BY id LIMIT ?")) {
      s.setString(1, afterId);
      s.setInt(2, limit);
      return all(s);
    }
  }

  /** True when the table holds no volume at all. */
  public static boolean none(Connection c) throws SQLException {
    return Rows.isEmpty(c, TABLE);
  }

  /** Volumes in a transitional state (creating, deleting), for recovery and timers. */
  public static List<Stored> inStates(Connection c, VolumeState... states) throws SQLException {
    List<Stored> result = new ArrayList<>();
    for (VolumeState state : states) {
      try (PreparedStatement s =
          c.prepareStatement("SELECT " + COLUMNS + " FROM volumes WHERE state = ?")) {
        s.setInt(1, state.getNumber());
        result.addAll(all(s));
      }
    }
    return result;
  }

  public static List<String> allIds(Connection c) throws SQLException {
    return Rows.ids(c, TABLE);
  }

  /** A new volume's row; {@code attachedOnce} is false unless its history is unknown. */
  public static void insert(Connection c, Volume volume, String token, byte[] request, long dueAt,
      boolean attachedOnce) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO volumes (id, client_token, zone, size_gib, state, due_at, request, body,"
            + " attached_once) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, volume.getVolumeId());
      s.setString(2, token);
      s.setString(3, volume.getZone());
      s.setLong(4, volume.getSizeGib());
      s.setInt(5, volume.getState().getNumber());
      s.setLong(6, dueAt);
      s.setBytes(7, request);
      s.setBytes(8, volume.toByteArray());
      s.setInt(9, attachedOnce ? 1 : 0);
      s.executeUpdate();
    }
  }

  /** Records that the volume was attached: from now on a node may have written it. */
  public static void markAttached(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE volumes SET attached_once = 1 WHERE id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  public static void update(Connection c, Volume volume, long dueAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE volumes SET size_gib = ?, state = ?, due_at = ?, body = ? WHERE id = ?")) {
      s.setLong(1, volume.getSizeGib());
      s.setInt(2, volume.getState().getNumber());
      s.setLong(3, dueAt);
      s.setBytes(4, volume.toByteArray());
      s.setString(5, volume.getVolumeId());
      s.executeUpdate();
    }
  }

  public static void delete(Connection c, String id) throws SQLException {
    Rows.deleteById(c, TABLE, id);
  }

  private static Optional<Stored> one(Connection c, String sql, String key) throws SQLException {
    return Rows.one(c, sql, key, VolumeRows::stored);
  }

  private static List<Stored> all(PreparedStatement s) throws SQLException {
    return Rows.all(s, VolumeRows::stored);
  }

  private static Stored stored(ResultSet row) throws SQLException {
    return new Stored(Rows.body(row.getBytes(1), Volume.parser(), TABLE), row.getBytes(2),
        row.getLong(3), row.getInt(4) != 0);
  }
}
