package dev.simebs.backend.filesystems;

import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.store.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for the file_systems table; the protobuf body is the record, the columns serve queries. */
public final class FileSystemRows {

  /** A file system as stored, with the request that created it and when its transition ends. */
  public record Stored(FileSystem fileSystem, byte[] request, long dueAt) {}

  private static final String TABLE = "file_systems";
  private static final String SELECT = "SELECT body, request, due_at FROM " + TABLE;

  private FileSystemRows() {}

  public static Optional<Stored> find(Connection c, String id) throws SQLException {
    return Rows.one(c, SELECT + " WHERE id = ?", id, FileSystemRows::stored);
  }

  public static Optional<Stored> findByToken(Connection c, String token) throws SQLException {
    return Rows.one(c, SELECT + " WHERE creation_token = ?", token, FileSystemRows::stored);
  }

  /** Up to {@code limit} file systems with IDs after {@code afterId}, in ID order. */
  public static List<FileSystem> page(Connection c, String afterId, int limit)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE id > ? ORDER BY id LIMIT ?")) {
      s.setString(1, afterId);
      s.setInt(2, limit);
      return Rows.all(s, FileSystemRows::stored).stream().map(Stored::fileSystem).toList();
    }
  }

  public static List<Stored> inState(Connection c, LifeCycleState state) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE state = ?")) {
      s.setInt(1, state.getNumber());
      return Rows.all(s, FileSystemRows::stored);
    }
  }

  public static List<String> allIds(Connection c) throws SQLException {
    return Rows.ids(c, TABLE);
  }

  public static void insert(Connection c, FileSystem fs, byte[] request, long dueAt)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE
        + " (id, creation_token, state, due_at, request, body) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, fs.getFileSystemId());
      s.setString(2, fs.getCreationToken());
      s.setInt(3, fs.getState().getNumber());
      s.setLong(4, dueAt);
      s.setBytes(5, request);
      s.setBytes(6, fs.toByteArray());
      s.executeUpdate();
    }
  }

  public static void update(Connection c, FileSystem fs, long dueAt) throws SQLException {
    Rows.updateState(c, TABLE, fs.getFileSystemId(), fs.getState().getNumber(), dueAt, fs);
  }

  public static void delete(Connection c, String id) throws SQLException {
    Rows.deleteById(c, TABLE, id);
  }

  private static Stored stored(ResultSet row) throws SQLException {
    return new Stored(Rows.body(row.getBytes(1), FileSystem.parser(), TABLE), row.getBytes(2),
        row.getLong(3));
  }
}
