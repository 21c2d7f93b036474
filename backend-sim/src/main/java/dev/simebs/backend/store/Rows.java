package dev.simebs.backend.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JDBC plumbing every table of stored objects shares: a row read one way, the rows of a
 * query, the IDs of a table, delete by ID, and the protobuf body of a row.
 */
public final class Rows {

  /** Reads the current row of a result set. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  private Rows() {}

  /** The first row of {@code sql} with its one parameter set to {@code key}. */
  public static <T> Optional<T> one(Connection c, String sql, String key, RowReader<T> reader)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      List<T> rows = all(s, reader);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }
  }

  /** Every row of a prepared query. */
  public static <T> List<T> all(PreparedStatement s, RowReader<T> reader) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(reader.read(rs));
      }
      return rows;
    }
  }

  /** The IDs of every row of {@code table} (a constant of ours, never input). */
  public static List<String> ids(Connection c, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM " + table)) {
      return all(s, rs -> rs.getString(1));
    }
  }

  /** True when {@code table} (a constant of ours, never input) has no rows. */
  public static boolean isEmpty(Connection c, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + table + " LIMIT 1")) {
      return all(s, rs -> rs.getInt(1)).isEmpty();
    }
  }

  /** Deletes the row of {@code table} (a constant of ours, never input) with this ID. */
  /**
   * Stores a stateful object's new body with its state and when its transition is due (0: none),
   * for the tables that keep {@code state}, {@code due_at} and {@code body} beside the ID.
   */
  public static void updateState(Connection c, String table, String id, int state, long dueAt,
      Message body) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE " + table + " SET state = ?, due_at = ?, body = ? WHERE id = ?")) {
      s.setInt(1, state);
      s.setLong(2, dueAt);
      s.setBytes(3, body.toByteArray());
      s.setString(4, id);
      s.executeUpdate();
    }
  }

  public static void deleteById(Connection c, String table, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  /** A row's protobuf body; a body that does not parse is a corrupt row. */
  public static <M extends Message> M body(byte[] bytes, Parser<M> parser, String table)
      throws SQLException {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new SQLException("corrupt row in " + table, e);
    }
  }
}
