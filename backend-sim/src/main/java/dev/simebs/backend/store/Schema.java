package dev.simebs.backend.store;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables. Volumes and snapshots keep their protobuf form in {@code body} and copy the columns
 * that queries, uniqueness and reconciliation need; {@code due_at} (epoch millis, 0 = none) is
 * when a transitional state is due to end.
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
          body BLOB NOT NULL)""");
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
    FileSystemTables.create(s);
  }
}
