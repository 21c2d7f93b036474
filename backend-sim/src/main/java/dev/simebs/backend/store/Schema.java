package dev.simebs.backend.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables. Volumes and snapshots keep their protobuf form in {@code body} and copy the columns
 * that queries, uniqueness and reconciliation need; {@code due_at} (epoch millis, 0 = none) is
 * when a transitional state is due to end. {@code copies} holds one row per image being filled
 * in the background (a snapshot, a restore or a clone): while it exists, the copy owns its target
 * file and keeps its source file; {@code released_images} lists images whose object is gone, until
 * their files are (see ImageReleases). Changes are additive: new tables and columns are added to an
 * existing database at open.
 */
final class Schema {

  private Schema() {}

  static void create(Statement s) throws SQLException {
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS volumes (
          id TEXT PRIMARY KEY,
          client_token TEXT UNIQUE,
          zone TEXT NOT NULL,
          size_gib INTEGER NOT NULL,
          state INTEGER NOT NULL,
          due_at INTEGER NOT NULL DEFAULT 0,
          request BLOB,
          body BLOB NOT NULL,
          attached_once INTEGER NOT NULL DEFAULT 1)""");
    addColumnIfMissing(s, "volumes", "attached_once", "INTEGER NOT NULL DEFAULT 1");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS snapshots (
          id TEXT PRIMARY KEY,
          client_token TEXT UNIQUE,
          volume_id TEXT NOT NULL,
          state INTEGER NOT NULL,
          due_at INTEGER NOT NULL DEFAULT 0,
          request BLOB,
          body BLOB NOT NULL)""");
    s.execute("CREATE INDEX IF NOT EXISTS snapshots_by_volume ON snapshots(volume_id, id)");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS attachments (
          volume_id TEXT NOT NULL,
          node_id TEXT NOT NULL,
          device TEXT NOT NULL,
          state INTEGER NOT NULL,
          due_at INTEGER NOT NULL DEFAULT 0,
          attach_time INTEGER NOT NULL,
          PRIMARY KEY (volume_id, node_id))""");
    s.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS attachments_by_node ON attachments(node_id, device)");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS nodes (
          id TEXT PRIMARY KEY,
          zone TEXT NOT NULL,
          attachment_limit INTEGER NOT NULL)""");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS zones (
          name TEXT PRIMARY KEY,
          capacity_gib INTEGER NOT NULL,
          used_gib INTEGER NOT NULL)""");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS modifications (
          volume_id TEXT PRIMARY KEY,
          state INTEGER NOT NULL,
          due_at INTEGER NOT NULL DEFAULT 0,
          end_time INTEGER NOT NULL DEFAULT 0,
          body BLOB NOT NULL)""");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS copies (
          target_id TEXT PRIMARY KEY,
          source_id TEXT NOT NULL,
          method INTEGER NOT NULL,
          size_gib INTEGER NOT NULL,
          started_at INTEGER NOT NULL)""");
    s.execute("CREATE INDEX IF NOT EXISTS copies_by_source ON copies(source_id)");
    s.execute("CREATE TABLE IF NOT EXISTS released_images (id TEXT PRIMARY KEY)");
    FileSystemTables.create(s);
  }

  /**
   * Adds a column to a table made by an older version. Its default is what old rows get, so it
   * must be the safe assumption (e.g. {@code attached_once} 1: an old volume may have been used).
   */
  private static void addColumnIfMissing(Statement s, String table, String column, String type)
      throws SQLException {
    try (ResultSet columns = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (columns.next()) {
        if (columns.getString("name").equals(column)) {
          return;
        }
      }
    }
    s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
  }
}
