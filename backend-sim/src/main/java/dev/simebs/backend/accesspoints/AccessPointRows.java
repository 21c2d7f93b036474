package dev.simebs.backend.accesspoints;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.store.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for the access_points table. */
public final class AccessPointRows {

  /** An access point as stored, with its creating request and when its transition ends. */
  public record Stored(AccessPoint accessPoint, byte[] request, long dueAt) {}

  private static final String TABLE = "access_points";
  private static final String SELECT = "SELECT body, request, due_at FROM " + TABLE;

  private AccessPointRows() {}

  public static Optional<Stored> find(Connection c, String id) throws SQLException {
    return Rows.one(c, SELECT + " WHERE id = ?", id, AccessPointRows::stored);
  }

  public static Optional<Stored> findByToken(Connection c, String token) throws SQLException {
    return Rows.one(c, SELECT + " WHERE client_token = ?", token, AccessPointRows::stored);
  }

  /** A keyset page in ID order, optionally only the access points of one file system. */
  public static List<AccessPoint> page(Connection c, String fileSystemId, String afterId,
      int limit) throws SQLException {
    String sql = fileSystemId.isEmpty()
        ? SELECT + " WHERE id > ? ORDER BY id LIMIT ?"
        : SELECT + " WHERE file_system_id = ? AND id > ? ORDER BY id LIMIT ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      if (!fileSystemId.isEmpty()) {
        s.setString(i++, fileSystemId);
      }
      s.setString(i++, afterId);
      s.setInt(i, limit);
      return Rows.all(s, AccessPointRows::stored).stream().map(Stored::accessPoint).toList();
    }
  }

  /** Every access point of a file system (for the quota and for directory reconciliation). */
  public static List<AccessPoint> ofFileSystem(Connection c, String fileSystemId)
      throws SQLException {
    return page(c, fileSystemId, "", Integer.MAX_VALUE);
  }

  public static int countOf(Connection c, String fileSystemId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE file_system_id = ?")) {
      s.setString(1, fileSystemId);
      return Rows.all(s, row -> row.getInt(1)).getFirst();
    }
  }

  public static List<Stored> inState(Connection c, LifeCycleState state) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE state = ?")) {
      s.setInt(1, state.getNumber());
      return Rows.all(s, AccessPointRows::stored);
    }
  }

  public static void insert(Connection c, AccessPoint ap, String token, byte[] request,
      long dueAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE
        + " (id, client_token, file_system_id, state, due_at, request, body)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, ap.getAccessPointId());
      s.setString(2, token);
      s.setString(3, ap.getFileSystemId());
      s.setInt(4, ap.getState().getNumber());
      s.setLong(5, dueAt);
      s.setBytes(6, request);
      s.setBytes(7, ap.toByteArray());
      s.executeUpdate();
    }
  }

  public static void update(Connection c, AccessPoint ap, long dueAt) throws SQLException {
    Rows.updateState(c, TABLE, ap.getAccessPointId(), ap.getState().getNumber(), dueAt, ap);
  }

  public static void delete(Connection c, String id) throws SQLException {
    Rows.deleteById(c, TABLE, id);
  }

  private static Stored stored(ResultSet row) throws SQLException {
    return new Stored(Rows.body(row.getBytes(1), AccessPoint.parser(), TABLE), row.getBytes(2),
        row.getLong(3));
  }
}
