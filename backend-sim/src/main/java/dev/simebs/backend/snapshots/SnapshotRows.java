package dev.simebs.backend.snapshots;

import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.store.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for the snapshots table. */
public final class SnapshotRows {

  /** A snapshot as stored, with its creating request and when its pending state ends. */
  public record Stored(Snapshot snapshot, byte[] request, long dueAt) {}

  private static final String SELECT = "SELECT body, request, due_at FROM snapshots";

  private static final String TABLE = "snapshots";

  private SnapshotRows() {}

  public static Optional<Stored> find(Connection c, String id) throws SQLException {
    return one(c, SELECT + " WHERE id = ?", id);
  }

  public static Optional<Stored> findByToken(Connection c, String token) throws SQLException {
    return one(c, SELECT + " WHERE client_token = ?", token);
  }

  /** A keyset page in ID order, optionally only the snapshots of one volume. */
  public static List<Stored> page(Connection c, String volumeId, String afterId, int limit)
      throws SQLException {
    String sql = volumeId.isEmpty()
        ? SELECT + " WHERE id > ? ORDER BY id LIMIT ?"
        : SELECT + " WHERE volume_id = ? AND id > ? ORDER BY id LIMIT ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      if (!volumeId.isEmpty()) {
        s.setString(i++, volumeId);
      }
      s.setString(i++, afterId);
      s.setInt(i, limit);
      return all(s);
    }
  }

  public static List<Stored> inState(Connection c, SnapshotState state) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE state = ?")) {
      s.setInt(1, state.getNumber());
      return all(s);
    }
  }

  public static List<String> allIds(Connection c) throws SQLException {
    return Rows.ids(c, TABLE);
  }

  /** True when the table holds no snapshot at all. */
  public static boolean none(Connection c) throws SQLException {
    return Rows.isEmpty(c, TABLE);
  }

  public static void insert(Connection c, Snapshot snapshot, String token, byte[] request,
      long dueAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO snapshots (id, client_token, volume_id, state, due_at, request, body)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, snapshot.getSnapshotId());
      s.setString(2, token);
      s.setString(3, snapshot.getVolumeId());
      s.setInt(4, snapshot.getState().getNumber());
      s.setLong(5, dueAt);
      s.setBytes(6, request);
      s.setBytes(7, snapshot.toByteArray());
      s.executeUpdate();
    }
  }

  public static void update(Connection c, Snapshot snapshot, long dueAt) throws SQLException {
    Rows.updateState(c, TABLE, snapshot.getSnapshotId(), snapshot.getState().getNumber(), dueAt, snapshot);
  }

  public static void delete(Connection c, String id) throws SQLException {
    Rows.deleteById(c, TABLE, id);
  }

  private static Optional<Stored> one(Connection c, String sql, String key) throws SQLException {
    return Rows.one(c, sql, key, SnapshotRows::stored);
  }

  private static List<Stored> all(PreparedStatement s) throws SQLException {
    return Rows.all(s, SnapshotRows::stored);
  }

  private static Stored stored(ResultSet row) throws SQLException {
    return new Stored(Rows.body(row.getBytes(1), Snapshot.parser(), TABLE), row.getBytes(2), row.getLong(3));
  }
}
