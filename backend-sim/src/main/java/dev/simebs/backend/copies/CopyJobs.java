package dev.simebs.backend.copies;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.files.CopyProgress;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.files.ImageReleases;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the copies that fill snapshots, restores and clones, each on its own virtual thread and at
 * most one per target. A copy's row ({@link CopyRows}) is committed with its target's row, before
 * any answer, so a copy survives a restart: {@link #resumeAll} starts every unfinished one again
 * from the beginning. When a copy ends, one commit removes its row and records the outcome on its
 * target; only then are files removed that nothing holds any more (a target deleted meanwhile, a
 * source whose object is gone).
 */
public final class CopyJobs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CopyJobs.class);

  private final Database db;
  private final DataDir dataDir;
  private final ImageFiles files;
  private final ImageReleases releases;
  private final Simulation simulation;
  private final Timers timers;
  private final Clock clock;
  private final Map<ResourceIds, CopyTarget> targets = new EnumMap<>(ResourceIds.class);
  private final Map<String, Job> running = new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();
  private volatile boolean closing;

  public CopyJobs(Database db, DataDir dataDir, ImageFiles files, ImageReleases releases,
      Simulation simulation, Timers timers, Clock clock) {
    this.db = db;
    this.dataDir = dataDir;
    this.files = files;
    this.releases = releases;
    this.simulation = simulation;
    this.timers = timers;
    this.clock = clock;
    simulation.onChange(() -> running.values().forEach(Job::wake));
  }

  /** Names who completes targets of {@code kind}; done once per kind while wiring. */
  public void register(ResourceIds kind, CopyTarget target) {
    targets.put(kind, target);
  }

  /**
   * Starts {@code copy} unless it is already running; the future completes once its outcome is
   * committed. After close nothing starts: the copy's row waits for the next start.
   */
  private CompletableFuture<Void> start(Copy copy) {
    synchronized (running) {
      if (closing) {
        return CompletableFuture.failedFuture(new IllegalStateException("shutting down"));
      }
      Job existing = running.get(copy.targetId());
      if (existing != null) {
        return existing.done;
      }
      Job job = new Job(copy, simulation);
      running.put(copy.targetId(), job);
      started.incrementAndGet();
      Thread.ofVirtual().name("copy-" + copy.targetId()).start(() -> run(job));
      return job.done;
    }
  }

  /**
   * Starts a copy just committed with its target, for the call that asked for it. A reflink copy
   * (milliseconds: it only shares blocks) is awaited, so that its instant precedes the answer; an
   * interrupted wait leaves it running, and how it ended is on the target's row.
   */
  public void begin(Copy copy) {
    CompletableFuture<Void> copying = start(copy);
    if (copy.method() != CopyMethod.REFLINK) {
      return;
    }
    try {
      copying.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // run() logged it; the target's row still says PENDING or CREATING
    }
  }

  /** Starts every copy an earlier run left unfinished; run once at start, before serving. */
  public void resumeAll() {
    List<Copy> unfinished = db.read(CopyRows::all);
    if (!unfinished.isEmpty()) {
      log.info("resuming {} unfinished copies: {}", unfinished.size(),
          unfinished.stream().map(Copy::targetId).toList());
    }
    unfinished.forEach(this::start);
  }

  /** How far the copy into {@code targetId} is, in percent, while it runs. */
  public OptionalInt progress(String targetId) {
    Job job = running.get(targetId);
    return job == null ? OptionalInt.empty() : OptionalInt.of(job.percent);
  }

  /** Asks the copy into {@code targetId} (whose row is gone) to stop early. */
  public void cancel(String targetId) {
    Job job = running.get(targetId);
    if (job != null) {
      job.cancel();
    }
  }

  /** Copies started since this backend started (a repeat of a request never starts another). */
  public long startedCount() {
    return started.get();
  }

  /** Waits until no copy runs (tests and benchmarks). */
  public void awaitIdle() {
    while (!running.isEmpty()) {
      running.values().forEach(job -> job.done.exceptionally(e -> null).join());
    }
  }

  /**
   * Stops every copy at its next extent and waits for them; their rows stay, so the next start
   * copies them again.
   */
  @Override
  public void close() {
    List<Job> stopping;
    synchronized (running) {
      closing = true;
      stopping = List.copyOf(running.values());
    }
    stopping.forEach(Job::cancel);
    stopping.forEach(job -> job.done.exceptionally(e -> null).join());
  }

  private void run(Job job) {
    Copy copy = job.copy;
    Path target = dataDir.imageFile(copy.targetId());
    try {
      Outcome outcome;
      if (!db.read(c -> target(copy.targetId()).exists(c, copy.targetId()))) {
        outcome = new Outcome.Cancelled();
      } else {
        outcome = copy(copy, target, job);
      }
      if (closing && outcome instanceof Outcome.Cancelled) {
        log.info("copy into {} stopped by shutdown; the next start copies it again",
            copy.targetId());
      } else {
        finish(copy, target, outcome);
      }
      job.done.complete(null);
    } catch (RuntimeException e) {
      log.error("copy into {} could not record its outcome; the next start copies it again",
          copy.targetId(), e);
      job.done.completeExceptionally(e);
    } finally {
      running.remove(copy.targetId(), job);
    }
  }

  private Outcome copy(Copy copy, Path target, Job job) {
    Path source = dataDir.imageFile(copy.sourceId());
    try {
      long allocated = files.copy(source, target, copy.sizeGib(), copy.method(), job);
      return new Outcome.Copied(allocated);
    } catch (CopyProgress.Cancelled e) {
      return new Outcome.Cancelled();
    } catch (NoSuchFileException e) {
      return new Outcome.Failed("the image of " + copy.sourceId() + " is missing");
    } catch (IOException e) {
      log.error("copy of {} into {} failed", copy.sourceId(), copy.targetId(), e);
      return new Outcome.Failed("copying " + copy.sourceId() + " failed: " + e.getMessage());
    }
  }

  /** One commit for the outcome; files are removed only after it. */
  private void finish(Copy copy, Path target, Outcome outcome) {
    record Ending(boolean dropTarget, boolean dropSource, OptionalLong due) {}
    Ending ending = db.write(c -> {
      CopyRows.delete(c, copy.targetId());
      CopyTarget kind = target(copy.targetId());
      OptionalLong due = switch (outcome) {
        case Outcome.Copied copied -> kind.copied(c, copy.targetId(), copied.allocatedBytes());
        case Outcome.Failed failed -> {
          kind.failed(c, copy.targetId(), failed.why());
          yield OptionalLong.empty();
        }
        case Outcome.Cancelled cancelled -> OptionalLong.empty();
      };
      boolean sourceGone = !target(copy.sourceId()).exists(c, copy.sourceId())
          && !CopyRows.holds(c, copy.sourceId());
      if (due.isEmpty()) {
        releases.record(c, copy.targetId());
      }
      if (sourceGone) {
        releases.record(c, copy.sourceId());
      }
      return new Ending(due.isEmpty(), sourceGone, due);
    }, target.getParent());
    if (ending.dropTarget()) {
      releases.remove(copy.targetId());
    }
    if (ending.dropSource()) {
      releases.remove(copy.sourceId());
    }
    ending.due().ifPresent(due -> {
      long wait = due - clock.millis();
      if (wait > 0) {
        timers.after(Duration.ofMillis(wait), "completion of " + copy.targetId(),
            () -> target(copy.targetId()).complete(copy.targetId()));
      } else {
        target(copy.targetId()).complete(copy.targetId());
      }
    });
    switch (outcome) {
      case Outcome.Copied copied -> log.info("copied {} into {} ({}, {} bytes allocated, {} ms)",
          copy.sourceId(), copy.targetId(), copy.method(), copied.allocatedBytes(),
          clock.millis() - copy.startedAt());
      case Outcome.Failed failed -> log.error("copy into {} failed: {}", copy.targetId(),
          failed.why());
      case Outcome.Cancelled cancelled -> log.info("copy into {} cancelled: its {} was deleted",
          copy.targetId(), copy.targetId().startsWith("snap-") ? "snapshot" : "volume");
    }
  }

  private CopyTarget target(String id) {
    ResourceIds kind = ResourceIds.SNAPSHOT.isValid(id) ? ResourceIds.SNAPSHOT : ResourceIds.VOLUME;
    CopyTarget target = targets.get(kind);
    if (target == null) {
      throw new IllegalStateException("no copy target registered for " + kind);
    }
    return target;
  }

  /** How a copy ended. */
  private sealed interface Outcome {
    record Copied(long allocatedBytes) implements Outcome {}

    record Failed(String why) implements Outcome {}

    record Cancelled() implements Outcome {}
  }

  /**
   * A running copy: its progress, whether it should stop, and its pace when the simulation limits
   * how fast copies go.
   */
  private static final class Job implements CopyProgress {
    final Copy copy;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Simulation simulation;
    private final long startNanos = System.nanoTime();
    private volatile boolean cancelled;
    private volatile int percent;

    Job(Copy copy, Simulation simulation) {
      this.copy = copy;
      this.simulation = simulation;
    }

    @Override
    public void copied(long bytes, long total) {
      percent = total == 0 ? 100 : (int) (bytes * 100 / total);
      pace(bytes);
    }

    @Override
    public boolean cancelled() {
      return cancelled;
    }

    synchronized void cancel() {
      cancelled = true;
      notifyAll();
    }

    synchronized void wake() {
      notifyAll();
    }

    /** Waits until {@code bytes} are due at the simulated copy rate (read afresh each time). */
    private synchronized void pace(long bytes) {
      try {
        while (!cancelled) {
          long rate = simulation.copyBytesPerSecond();
          long due = rate == 0 ? 0 : startNanos + (long) (bytes * 1e9 / rate);
          long left = due - System.nanoTime();
          if (left <= 0) {
            return;
          }
          wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancelled = true;
      }
    }
  }
}
