package dev.simebs.backend.nodes;

import dev.simebs.backend.api.Node;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the nodes table; a limit of 0 means the backend's default. */
public final class NodeRows {

  private static final String SELECT =
      "SELECT n.id, n.zone, n.attachment_limit,"
          + " (SELECT COUNT(*) FROM attachments a WHERE a.node_id = n.id) FROM nodes n";

  private NodeRows() {}

  /** A node as stored: its own limit (0: default). */
  public record Stored(String id, String zone, int limit, int attachments) {
    public Node toNode(int defaultLimit) {
      return Node.newBuilder()
          .setNodeId(id)
          .setZone(zone)
          .setAttachmentLimit(limit == 0 ? defaultLimit : limit)
          .setAttachmentCount(attachments)
          .build();
    }
  }

  public static Optional<Stored> find(Connection c, String id) throws SQLException {
    List<Stored> rows = query(c, SELECT + " WHERE n.id = ?", id);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  public static List<Stored> all(Connection c) throws SQLException {
    return query(c, SELECT + " ORDER BY n.id");
  }

  public static void upsert(Connection c, String id, String zone, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO nodes (id, zone, attachment_limit) VALUES (?, ?, ?)"
            + " ON CONFLICT(id) DO UPDATE SET zone = excluded.zone,"
            + " attachment_limit = excluded.attachment_limit")) {
      s.setString(1, id);
      s.setString(2, zone);
      s.setInt(3, limit);
      s.executeUpdate();
    }
  }

  public static void delete(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM nodes WHERE id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private static List<Stored> query(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        List<Stored> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(new Stored(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
        }
        return rows;
      }
    }
  }
}
