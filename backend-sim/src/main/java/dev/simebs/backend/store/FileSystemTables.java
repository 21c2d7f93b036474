package dev.simebs.backend.store;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of shared file systems, beside the volume tables of {@link Schema}: file systems,
 * their mount targets (one per zone) and access points. Like volumes, rows keep their protobuf
 * form in {@code body}, the request that made them in {@code request} (idempotency), and copy
 * the columns queries need.
 */
final class FileSystemTables {

  private FileSystemTables() {}

  static void create(Statement s) throws SQLException {
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS file_systems (
          id TEXT PRIMARY KEY,
          creation_token TEXT UNIQUE,
          state INTEGER NOT NULL,
          due_at INTEGER NOT NULL DEFAULT 0,
          request BLOB,
          body BLOB NOT NULL)""");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS mount_targets (
          id TEXT PRIMARY KEY,
          file_system_id TEXT NOT NULL,
          zone TEXT NOT NULL,
          body BLOB NOT NULL,
          UNIQUE (file_system_id, zone))""");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS access_points (
          id TEXT PRIMARY KEY,
          client_token TEXT UNIQUE,
          file_system_id TEXT NOT NULL,
          state INTEGER NOT NULL,
          due_at INTEGER NOT NULL DEFAULT 0,
          request BLOB,
          body BLOB NOT NULL)""");
    s.execute(
        "CREATE INDEX IF NOT EXISTS access_points_by_file_system"
            + " ON access_points(file_system_id, id)");
  }
}
