package dev.simebs.backend.store;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The backend's metadata: one SQLite file in WAL mode with synchronous=FULL. Reads use a small
 * pool of connections and see the last committed state (WAL readers never block the writer);
 * every write goes through the {@link GroupCommitWriter} and returns only once it is durable.
 */
public final class Database implements AutoCloseable {

  /** Distinct statements a connection keeps compiled; the backend has a few dozen. */
  private static final int STATEMENTS_PER_CONNECTION = 128;

  private final List<Connection> all = new ArrayList<>();
  private final BlockingQueue<Connection> readers;
  private final GroupCommitWriter writer;
  private final Checkpointer checkpointer;

  private Database(List<Connection> readerConnections, Connection writerConnection,
      Connection checkpointConnection, Consumer<Path> directorySync) {
    this.readers = new ArrayBlockingQueue<>(readerConnections.size(), false, readerConnections);
    this.all.addAll(readerConnections);
    this.all.add(writerConnection);
    this.all.add(checkpointConnection);
    this.checkpointer = new Checkpointer(checkpointConnection);
    this.writer = new GroupCommitWriter(writerConnection, directorySync, checkpointer::nudge);
  }

  /** Opens (creating if needed) the database at {@code file} with {@code readerCount} readers. */
  public static Database open(Path file, int readerCount, Consumer<Path> directorySync)
      throws IOException {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    List<Connection> opened = new ArrayList<>();
    try {
      Connection writerConnection = DriverManager.getConnection(url);
      opened.add(writerConnection);
      try (Statement s = writerConnection.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
        // Checkpoints run on their own connection (Checkpointer), not inside commits.
        s.execute("PRAGMA wal_autocheckpoint=0");
        Schema.create(s);
      }
      Connection checkpointConnection = DriverManager.getConnection(url);
      opened.add(checkpointConnection);
      try (Statement s = checkpointConnection.createStatement()) {
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA synchronous=FULL");
      }
      List<Connection> readerConnections = new ArrayList<>();
      for (int i = 0; i < readerCount; i++) {
        Connection reader = DriverManager.getConnection(url);
        opened.add(reader);
        try (Statement s = reader.createStatement()) {
          s.execute("PRAGMA busy_timeout=10000");
          s.execute("PRAGMA query_only=ON");
        }
        readerConnections.add(reader);
      }
      return new Database(
          readerConnections.stream().map(Database::keepingStatements).toList(),
          keepingStatements(writerConnection), checkpointConnection, directorySync);
    } catch (SQLException e) {
      opened.forEach(Database::closeQuietly);
      throw new IOException("cannot open metadata database " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs a read on a pooled connection, inside one read transaction (a consistent snapshot). */
  public <T> T read(SqlWork<T> work) {
    Connection connection;
    try {
      connection = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendErrors.error(ErrorReason.SERVICE_UNAVAILABLE, "interrupted");
    }
    try {
      execute(connection, "BEGIN");
      try {
        return work.run(connection);
      } finally {
        execute(connection, "COMMIT");
      }
    } catch (SQLException e) {
      throw internal(e);
    } finally {
      readers.add(connection);
    }
  }

  /** Runs a statement without parameters or rows, such as BEGIN, through the statement cache. */
  static void execute(Connection connection, String sql) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.execute();
    }
  }

  private static Connection keepingStatements(Connection connection) {
    return StatementCache.wrap(connection, STATEMENTS_PER_CONNECTION);
  }

  /** Runs a read-modify-write atomically and durably; returns after its commit. */
  public <T> T write(SqlWork<T> work) {
    return write(work, null);
  }

  /**
   * Like {@link #write(SqlWork)}, and also makes new entries in {@code syncDir} durable before
   * the commit, so the metadata never refers to a file a power cut could lose.
   *
   * <p>The wait cannot be cut short: once queued, a mutation commits or fails (the writer finishes
   * its queue even when closing), and a caller that stopped waiting could not know which, and
   * might remove a file its row names. An interrupt is kept for after the outcome.
   */
  public <T> T write(SqlWork<T> work, Path syncDir) {
    CompletableFuture<T> outcome = writer.submit(work, syncDir);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return outcome.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw switch (e.getCause()) {
            case StatusRuntimeException status -> status;
            case SQLException sql -> internal(sql);
            case RuntimeException runtime -> runtime;
            default -> internal(e.getCause());
          };
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Tells {@code listener} about every commit and directory fsync from now on. */
  public void onCommit(CommitListener listener) {
    writer.listen(listener);
  }

  /** Group-commit statistics, for benchmarks and logs. */
  public String commitStats() {
    GroupCommitWriter.Stats s = writer.stats();
    return String.format("%d mutations in %d commits (%.1f per commit); directory fsync %.2f ms,"
        + " commit %.2f ms on average", s.mutations(), s.batches(),
        s.mutations() / (double) Math.max(1, s.batches()),
        s.directorySyncNanos() / 1e6 / Math.max(1, s.batches()),
        s.commitNanos() / 1e6 / Math.max(1, s.batches()));
  }

  @Override
  public void close() {
    writer.close();
    checkpointer.close();
    all.forEach(Database::closeQuietly);
  }

  private static StatusRuntimeException internal(Throwable e) {
    return BackendErrors.error(ErrorReason.INTERNAL_ERROR, "metadata store: " + e.getMessage());
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing on shutdown; nothing left to do with the error
    }
  }
}
