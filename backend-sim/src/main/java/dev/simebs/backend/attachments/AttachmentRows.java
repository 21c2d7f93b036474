package dev.simebs.backend.attachments;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.model.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** SQL for the attachments table, keyed by (volume, node). Backing files are added by callers. */
public final class AttachmentRows {

  private static final String SELECT =
      "SELECT volume_id, node_id, device, state, attach_time FROM attachments";

  private AttachmentRows() {}

  public static Optional<Attachment> find(Connection c, String volumeId, String nodeId)
      throws SQLException {
    List<Attachment> rows = query(c, SELECT + " WHERE volume_id = ? AND node_id = ?", volumeId, nodeId);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  public static List<Attachment> ofVolume(Connection c, String volumeId) throws SQLException {
    return query(c, SELECT + " WHERE volume_id = ? ORDER BY node_id", volumeId);
  }

  public static List<Attachment> ofNode(Connection c, String nodeId) throws SQLException {
    return query(c, SELECT + " WHERE node_id = ? ORDER BY device", nodeId);
  }

  public static List<Attachment> all(Connection c) throws SQLException {
    return query(c, SELECT + " ORDER BY volume_id, node_id");
  }

  public static List<Attachment> inState(Connection c, AttachmentState state) throws SQLException {
    return query(c, SELECT + " WHERE state = " + state.getNumber());
  }

  /** The attachments of many volumes at once (one query per page of volumes). */
  public static List<Attachment> ofVolumes(Connection c, Collection<String> volumeIds)
      throws SQLException {
    if (volumeIds.isEmpty()) {
      return List.of();
    }
    String marks = String.join(",", Collections.nCopies(volumeIds.size(), "?"));
    return query(c, SELECT + " WHERE volume_id IN (" + marks + ") ORDER BY volume_id, node_id",
        volumeIds.toArray(String[]::new));
  }

  public static int countOnNode(Connection c, String nodeId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM attachments WHERE node_id = ?")) {
      s.setString(1, nodeId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  public static void insert(Connection c, Attachment a, long dueAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO attachments (volume_id, node_id, device, state, due_at, attach_time)"
            + " VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, a.getVolumeId());
      s.setString(2, a.getNodeId());
      s.setString(3, a.getDevice());
      s.setInt(4, a.getState().getNumber());
      s.setLong(5, dueAt);
      s.setLong(6, a.getAttachTime().getSeconds() * 1000 + a.getAttachTime().getNanos() / 1_000_000);
      s.executeUpdate();
    }
  }

  public static void setState(Connection c, String volumeId, String nodeId, AttachmentState state)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE attachments SET state = ? WHERE volume_id = ? AND node_id = ?")) {
      s.setInt(1, state.getNumber());
      s.setString(2, volumeId);
      s.setString(3, nodeId);
      s.executeUpdate();
    }
  }

  public static void delete(Connection c, String volumeId, String nodeId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM attachments WHERE volume_id = ? AND node_id = ?")) {
      s.setString(1, volumeId);
      s.setString(2, nodeId);
      s.executeUpdate();
    }
  }

  private static List<Attachment> query(Connection c, String sql, String... args)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        List<Attachment> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(Attachment.newBuilder()
              .setVolumeId(rs.getString(1))
              .setNodeId(rs.getString(2))
              .setDevice(rs.getString(3))
              .setState(AttachmentState.forNumber(rs.getInt(4)))
              .setAttachTime(Timestamps.ofMillis(rs.getLong(5)))
              .build());
        }
        return rows;
      }
    }
  }
}
