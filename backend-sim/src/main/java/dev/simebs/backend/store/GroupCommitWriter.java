package dev.simebs.backend.store;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the database. Callers hand it mutations; it takes every mutation
 * waiting, runs each in its own savepoint of one transaction (a failing mutation rolls back only
 * itself), makes the directories the batch created files in durable, commits once (one WAL
 * fsync with synchronous=FULL), and only then completes the callers' futures. Concurrent
 * callers thus share one fsync, and every acknowledged mutation is on disk.
 *
 * <p>Running all mutations on one thread also makes their checks (capacity, limits, tokens)
 * serialisable without any lock; file I/O stays on the callers' threads.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 256;

  private record Pending<T>(SqlWork<T> work, Path syncDir, CompletableFuture<T> done) {}

  private final Connection connection;
  private final Consumer<Path> directorySync;
  private final Runnable afterCommit;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  // Written by the writer thread only; read for statistics.
  private volatile long batches;
  private volatile long mutations;
  private volatile long syncNanos;
  private volatile long commitNanos;

  /** Totals since start: how well commits are shared and what their fsyncs cost. */
  record Stats(long batches, long mutations, long directorySyncNanos, long commitNanos) {}

  Stats stats() {
    return new Stats(batches, mutations, syncNanos, commitNanos);
  }

  GroupCommitWriter(Connection connection, Consumer<Path> directorySync, Runnable afterCommit) {
    this.connection = connection;
    this.directorySync = directorySync;
    this.afterCommit = afterCommit;
    this.thread = Thread.ofPlatform().name("backend-db-writer").daemon().start(this::loop);
  }

  /**
   * Queues {@code work}; the future completes after the transaction holding it has committed.
   * {@code syncDir}, when not null, is a directory whose new entries must be durable first.
   */
  <T> CompletableFuture<T> submit(SqlWork<T> work, Path syncDir) {
    CompletableFuture<T> done = new CompletableFuture<>();
    // Held only for the queue insertion, so that no mutation can slip in behind close()'s
    // marker and wait forever.
    synchronized (queue) {
      if (closed) {
        done.completeExceptionally(
            BackendErrors.error(ErrorReason.SERVICE_UNAVAILABLE, "the backend is shutting down"));
      } else {
        queue.add(new Pending<>(work, syncDir, done));
      }
    }
    return done;
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.take();
        if (first.work() == null) {
          continue; // the wake-up sent by close()
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void runBatch(List<Pending<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    Set<Path> dirs = new LinkedHashSet<>();
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        for (Pending<?> pending : batch) {
          if (pending.work() == null) {
            continue;
          }
          completions.add(runOne(statement, pending));
          if (pending.syncDir() != null) {
            dirs.add(pending.syncDir());
          }
        }
        long t0 = System.nanoTime();
        dirs.forEach(directorySync);
        long t1 = System.nanoTime();
        statement.execute("COMMIT");
        syncNanos += t1 - t0;
        commitNanos += System.nanoTime() - t1;
        batches++;
        mutations += batch.size();
      } catch (RuntimeException | SQLException e) {
        rollback(statement);
        throw e;
      }
      completions.forEach(Runnable::run);
      afterCommit.run();
    } catch (RuntimeException | SQLException e) {
      log.error("commit of {} mutations failed", batch.size(), e);
      RuntimeException failure =
          BackendErrors.error(ErrorReason.INTERNAL_ERROR, "metadata commit failed: " + e);
      batch.forEach(p -> {
        if (p.done() != null) {
          p.done().completeExceptionally(failure);
        }
      });
    }
  }

  private static <T> Runnable runOne(Statement statement, Pending<T> pending) throws SQLException {
    statement.execute("SAVEPOINT mutation");
    try {
      T result = pending.work().run(statement.getConnection());
      statement.execute("RELEASE mutation");
      return () -> pending.done().complete(result);
    } catch (RuntimeException | SQLException e) {
      statement.execute("ROLLBACK TO mutation");
      statement.execute("RELEASE mutation");
      return () -> pending.done().completeExceptionally(e);
    }
  }

  private static void rollback(Statement statement) {
    try {
      statement.execute("ROLLBACK");
    } catch (SQLException e) {
      log.warn("rollback failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    synchronized (queue) {
      closed = true;
      queue.add(new Pending<>(null, null, null));
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
