package dev.simebs.common.sys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tools that rewrite a file system (mkfs, e2fsck, resize2fs, xfs_growfs) run as jobs that are never
 * killed halfway, whoever stops waiting:
 *
 * <ul>
 *   <li>A job runs on its own thread, not the caller's. A caller whose call is cancelled or past
 *       its deadline ({@link CallerWatch}), or whose thread is interrupted (server shutdown), stops
 *       waiting and gets {@link ToolStillRunningException}; the tool runs on.
 *   <li>One job at a time per device. A caller that finds a job on its device waits for it: the
 *       same command is the repeat of an earlier call and takes that job's result; another command
 *       runs after it.
 *   <li>Jobs whose memory grows with the file system ({@link Memory#LARGE}: e2fsck, offline
 *       resize2fs) run one at a time on the node, so the node's memory limit has to fit one.
 *   <li>{@link #awaitAll} lets the process wait for running jobs before it exits.
 * </ul>
 */
public final class ToolJobs {

  /** How a tool's memory grows. */
  public enum Memory {
    /** Small whatever the file system's size. */
    SMALL,
    /** Grows with the file system's size and content. */
    LARGE
  }

  private static final Logger log = LoggerFactory.getLogger(ToolJobs.class);

  private record Job(String device, List<String> command, CompletableFuture<ToolRunner.Result> outcome) {}

  private final ToolRunner tools;
  private final CallerWatch callers;
  private final Semaphore largeJobs = new Semaphore(1, true);
  private final Map<String, Job> running = new HashMap<>();

  public ToolJobs(ToolRunner tools, CallerWatch callers) {
    this.tools = tools;
    this.callers = callers;
  }

  /**
   * Runs {@code command} on {@code device} as a job (or waits for the same one running already)
   * and returns its result whatever the exit code.
   *
   * @throws ToolStillRunningException when the caller went away first; the job goes on
   * @throws InterruptedException when the caller's thread was interrupted; the job goes on
   */
  public ToolRunner.Result run(String device, List<String> command, Memory memory)
      throws ToolException, ToolStillRunningException, InterruptedException {
    while (true) {
      Job job;
      synchronized (running) {
        job = running.get(device);
        if (job == null) {
          job = start(device, command, memory);
        }
      }
      waitFor(job);
      if (job.command().equals(command)) {
        return outcomeOf(job);
      }
      // Another tool was busy on the device; its result is not ours. Now run ours.
    }
  }

  /** As {@link #run}, failing unless the tool exits with 0. */
  public ToolRunner.Result check(String device, List<String> command, Memory memory)
      throws ToolException, ToolStillRunningException, InterruptedException {
    return run(device, command, memory).requireSuccess();
  }

  /** Waits, through interrupts, until no job runs; for a process about to exit. */
  public void awaitAll() {
    List<Job> jobs;
    synchronized (running) {
      jobs = new ArrayList<>(running.values());
    }
    if (jobs.isEmpty()) {
      return;
    }
    log.info(
        "waiting for {} file-system tool(s) to finish before stopping: {}",
        jobs.size(),
        jobs.stream().map(j -> String.join(" ", j.command())).toList());
    for (Job job : jobs) {
      job.outcome().handle((result, failure) -> null).join();
    }
  }

  /** Called with {@code running} locked. */
  private Job start(String device, List<String> command, Memory memory) {
    Job job = new Job(device, List.copyOf(command), new CompletableFuture<>());
    running.put(device, job);
    Thread.ofPlatform()
        .name("tool " + command.getFirst() + " " + device)
        .start(() -> runJob(job, memory));
    return job;
  }

  private void runJob(Job job, Memory memory) {
    ToolRunner.Result result = null;
    Throwable failure = null;
    boolean permit = memory == Memory.LARGE;
    String described = String.join(" ", job.command());
    try {
      if (permit && !largeJobs.tryAcquire()) {
        log.info("{} waits for another file-system check or resize to end", described);
        largeJobs.acquireUninterruptibly();
      }
      log.info("running {} (a file-system tool: it runs to its end)", described);
      result = tools.runToEnd(job.command());
    } catch (Throwable t) {
      failure = t;
    } finally {
      if (permit) {
        largeJobs.release();
      }
      synchronized (running) {
        running.remove(job.device(), job);
      }
    }
    if (failure != null) {
      job.outcome().completeExceptionally(failure);
    } else {
      job.outcome().complete(result);
    }
  }

  /** Waits until {@code job} ends, or until the caller goes (then it runs on without them). */
  private void waitFor(Job job) throws ToolStillRunningException, InterruptedException {
    CompletableFuture<Void> gone = new CompletableFuture<>();
    try (CallerWatch.Watching watching = callers.whenGone(() -> gone.complete(null))) {
      CompletableFuture.anyOf(job.outcome(), gone).get();
    } catch (ExecutionException e) {
      // The job failed; outcomeOf reports it to whoever the result belongs to.
    }
    if (!job.outcome().isDone()) {
      throw new ToolStillRunningException(job.device(), job.command());
    }
  }

  /** The result of a job that has ended. */
  private static ToolRunner.Result outcomeOf(Job job) throws ToolException {
    CompletableFuture<ToolRunner.Result> outcome = job.outcome();
    if (outcome.state() == Future.State.FAILED) {
      throw outcome.exceptionNow() instanceof ToolException tool
          ? tool
          : new ToolException(job.command(), "failed: " + outcome.exceptionNow());
    }
    return outcome.resultNow();
  }
}
