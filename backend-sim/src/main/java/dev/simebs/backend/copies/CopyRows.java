package dev.simebs.backend.copies;

import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.store.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * SQL for the copies table: one row per unfinished copy. While it exists, the copy owns its
 * target's file and keeps its source's file, so neither a delete nor reconciliation removes them.
 */
public final class CopyRows {

  private static final String SELECT =
      "SELECT target_id, source_id, method, size_gib, started_at FROM copies";

  private CopyRows() {}

  public static void insert(Connection c, Copy copy) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO copies (target_id, source_id, method, size_gib, started_at)"
            + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, copy.targetId());
      s.setString(2, copy.sourceId());
      s.setInt(3, copy.method().code());
      s.setLong(4, copy.sizeGib());
      s.setLong(5, copy.startedAt());
      s.executeUpdate();
    }
  }

  public static Optional<Copy> find(Connection c, String targetId) throws SQLException {
    return Rows.one(c, SELECT + " WHERE target_id = ?", targetId, CopyRows::copy);
  }

  /** The unfinished copies reading {@code sourceId}. */
  public static List<Copy> from(Connection c, String sourceId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE source_id = ?")) {
      s.setString(1, sourceId);
      return Rows.all(s, CopyRows::copy);
    }
  }

  public static List<Copy> all(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY target_id")) {
      return Rows.all(s, CopyRows::copy);
    }
  }

  /** True while an unfinished copy fills or reads the image of {@code id}. */
  public static boolean holds(Connection c, String id) throws SQLException {
    return find(c, id).isPresent() || !from(c, id).isEmpty();
  }

  public static void delete(Connection c, String targetId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM copies WHERE target_id = ?")) {
      s.setString(1, targetId);
      s.executeUpdate();
    }
  }

  private static Copy copy(ResultSet row) throws SQLException {
    return new Copy(row.getString(1), row.getString(2), CopyMethod.ofCode(row.getInt(3)),
        row.getLong(4), row.getLong(5));
  }
}
