package dev.simebs.backend.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file on its own connection and thread, so commits never
 * wait for a checkpoint (SQLite's automatic checkpoint would run inside a commit and fsync the
 * whole database file there). PASSIVE checkpoints never block the writer or readers.
 */
final class Checkpointer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
  // Checkpointing less often lets hot pages (indexes, the zones row) be written once for many
  // commits; the WAL stays small enough either way.
  private static final long INTERVAL_MILLIS = 2000;

  private final Connection connection;
  private final Semaphore wanted = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;

  Checkpointer(Connection connection) {
    this.connection = connection;
    this.thread = Thread.ofPlatform().name("backend-db-checkpoint").daemon().start(this::loop);
  }

  /** Asks for a checkpoint soon (called after commits). */
  void nudge() {
    if (wanted.availablePermits() == 0) {
      wanted.release();
    }
  }

  private void loop() {
    while (!closed) {
      try {
        wanted.acquire();
        Thread.sleep(INTERVAL_MILLIS);
        wanted.drainPermits();
        if (!closed) {
          checkpoint();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void checkpoint() {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      log.warn("WAL checkpoint failed (will retry): {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
