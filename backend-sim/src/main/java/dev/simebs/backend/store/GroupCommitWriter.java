package dev.simebs.backend.store;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit in a two-stage pipeline. Callers hand in mutations. The sync stage takes every
 * mutation waiting and fsyncs the directories they created files in (so a row never names a
 * file a power cut could lose), then passes them on. The commit stage, the one thread that
 * writes the database, takes everything passed on, runs each mutation in its own savepoint of
 * one transaction (a failing mutation rolls back only itself), commits once (one WAL fsync with
 * synchronous=FULL), and only then completes the callers' futures. While one batch commits, the
 * next one's directory fsync runs, so the two fsyncs overlap instead of adding up.
 *
 * <p>Running all mutations on one thread also makes their checks (capacity, limits, tokens)
 * serialisable without any lock; file I/O stays on the callers' threads.
 */
final class GroupCommitWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 256;

  private record Pending<T>(SqlWork<T> work, Path syncDir, CompletableFuture<T> done) {
    boolean isMarker() {
      return work == null;
    }
  }

  private final Connection connection;
  private final Consumer<Path> directorySync;
  private final Runnable afterCommit;
  private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Pending<?>> incoming = new LinkedBlockingQueue<>();
  private final BlockingQueue<Pending<?>> synced = new LinkedBlockingQueue<>();
  private final Thread syncer;
  private final Thread writer;
  private boolean closed; // guarded by incoming
  // Written by one stage each; read for statistics.
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
    this.syncer = Thread.ofPlatform().name("backend-db-dirsync").daemon().start(this::syncLoop);
    this.writer = Thread.ofPlatform().name("backend-db-writer").daemon().start(this::commitLoop);
  }

  void listen(CommitListener listener) {
    listeners.add(listener);
  }

  /**
   * Queues {@code work}; the future completes after the transaction holding it has committed.
   * {@code syncDir}, when not null, is a directory whose new entries must be durable first.
   */
  <T> CompletableFuture<T> submit(SqlWork<T> work, Path syncDir) {
    CompletableFuture<T> done = new CompletableFuture<>();
    // Held only for the queue insertion, so that no mutation can slip in behind close()'s
    // marker and wait forever.
    synchronized (incoming) {
      if (closed) {
        done.completeExceptionally(
            BackendErrors.error(ErrorReason.SERVICE_UNAVAILABLE, "the backend is shutting down"));
      } else {
        incoming.add(new Pending<>(work, syncDir, done));
      }
    }
    return done;
  }

  /** Stage one: directory fsyncs for whatever is waiting, then hand it to the commit stage. */
  private void syncLoop() {
    runStage(incoming, "directory fsync", batch -> {
      Set<Path> dirs = new LinkedHashSet<>();
      batch.forEach(p -> {
        if (p.syncDir() != null) {
          dirs.add(p.syncDir());
        }
      });
      long t0 = System.nanoTime();
      dirs.forEach(directorySync);
      long took = System.nanoTime() - t0;
      syncNanos += took;
      if (!dirs.isEmpty()) {
        listeners.forEach(l -> l.directoriesSynced(dirs.size(), Duration.ofNanos(took)));
      }
      synced.addAll(batch);
    }, failed -> failed.stream().filter(Pending::isMarker).forEach(synced::add));
  }

  /** Stage two: one transaction and one commit for everything synced so far. */
  private void commitLoop() {
    runStage(synced, "commit", this::runBatch, failed -> rollback(connection));
  }

  /**
   * Runs {@code step} on batch after batch until the close marker has passed. A batch whose step
   * throws is failed (its callers get INTERNAL_ERROR) and {@code cleanup} runs; the stage lives
   * on, since a dead stage would leave every later caller waiting.
   */
  private static void runStage(BlockingQueue<Pending<?>> queue, String what,
      Consumer<List<Pending<?>>> step, Consumer<List<Pending<?>>> cleanup) {
    List<Pending<?>> batch = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        stop = takeBatch(queue, batch);
        step.accept(batch);
      } catch (RuntimeException | Error e) {
        log.error("{} failed for a batch of {}", what, batch.size(), e);
        RuntimeException failure =
            BackendErrors.error(ErrorReason.INTERNAL_ERROR, what + " failed: " + e);
        batch.forEach(p -> fail(p, failure));
        cleanup.accept(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /** Waits for one mutation, takes all others waiting; true when the close marker came along. */
  private static boolean takeBatch(BlockingQueue<Pending<?>> queue, List<Pending<?>> batch)
      throws InterruptedException {
    batch.add(queue.take());
    queue.drainTo(batch, MAX_BATCH - 1);
    return batch.stream().anyMatch(Pending::isMarker);
  }

  private void runBatch(List<Pending<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    try {
      Database.execute(connection, "BEGIN IMMEDIATE");
      try {
        for (Pending<?> pending : batch) {
          if (!pending.isMarker() && !pending.done().isDone()) {
            completions.add(runOne(connection, pending));
          }
        }
        long t0 = System.nanoTime();
        Database.execute(connection, "COMMIT");
        long took = System.nanoTime() - t0;
        commitNanos += took;
        batches++;
        mutations += completions.size();
        listeners.forEach(l -> l.committed(completions.size(), Duration.ofNanos(took)));
      } catch (RuntimeException | SQLException e) {
        rollback(connection);
        throw e;
      }
      completions.forEach(Runnable::run);
      afterCommit.run();
    } catch (RuntimeException | SQLException e) {
      log.error("commit of {} mutations failed", batch.size(), e);
      RuntimeException failure =
          BackendErrors.error(ErrorReason.INTERNAL_ERROR, "metadata commit failed: " + e);
      batch.forEach(p -> fail(p, failure));
    }
  }

  private static <T> Runnable runOne(Connection connection, Pending<T> pending) throws SQLException {
    Database.execute(connection, "SAVEPOINT mutation");
    try {
      T result = pending.work().run(connection);
      Database.execute(connection, "RELEASE mutation");
      return () -> pending.done().complete(result);
    } catch (RuntimeException | SQLException e) {
      Database.execute(connection, "ROLLBACK TO mutation");
      Database.execute(connection, "RELEASE mutation");
      return () -> pending.done().completeExceptionally(e);
    }
  }

  private static void rollback(Connection connection) {
    try {
      Database.execute(connection, "ROLLBACK");
    } catch (SQLException e) {
      // no transaction was open: nothing to undo
    }
  }

  private static void fail(Pending<?> pending, RuntimeException failure) {
    if (pending.done() != null) {
      pending.done().completeExceptionally(failure);
    }
  }

  /** Stops taking mutations, lets both stages finish what was queued, then returns. */
  @Override
  public void close() {
    synchronized (incoming) {
      if (closed) {
        return;
      }
      closed = true;
      incoming.add(new Pending<>(null, null, null));
    }
    join(syncer);
    join(writer);
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
