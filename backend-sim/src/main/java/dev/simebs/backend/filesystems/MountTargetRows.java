package dev.simebs.backend.filesystems;

import dev.simebs.backend.api.MountTarget;
import dev.simebs.backend.store.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for the mount_targets table: at most one mount target per file system and zone. */
public final class MountTargetRows {

  private static final String TABLE = "mount_targets";
  private static final String SELECT = "SELECT body FROM " + TABLE;

  private MountTargetRows() {}

  public static List<MountTarget> ofFileSystem(Connection c, String fileSystemId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(SELECT + " WHERE file_system_id = ? ORDER BY zone")) {
      s.setString(1, fileSystemId);
      return Rows.all(s, MountTargetRows::body);
    }
  }

  public static Optional<MountTarget> inZone(Connection c, String fileSystemId, String zone)
      throws SQLException {
    return ofFileSystem(c, fileSystemId).stream()
        .filter(t -> t.getAvailabilityZone().equals(zone))
        .findFirst();
  }

  public static void insert(Connection c, MountTarget target) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO " + TABLE + " (id, file_system_id, zone, body) VALUES (?, ?, ?, ?)")) {
      s.setString(1, target.getMountTargetId());
      s.setString(2, target.getFileSystemId());
      s.setString(3, target.getAvailabilityZone());
      s.setBytes(4, target.toByteArray());
      s.executeUpdate();
    }
  }

  public static void update(Connection c, MountTarget target) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE " + TABLE + " SET body = ? WHERE id = ?")) {
      s.setBytes(1, target.toByteArray());
      s.setString(2, target.getMountTargetId());
      s.executeUpdate();
    }
  }

  public static void deleteOf(Connection c, String fileSystemId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM " + TABLE + " WHERE file_system_id = ?")) {
      s.setString(1, fileSystemId);
      s.executeUpdate();
    }
  }

  private static MountTarget body(ResultSet row) throws SQLException {
    return Rows.body(row.getBytes(1), MountTarget.parser(), TABLE);
  }
}
