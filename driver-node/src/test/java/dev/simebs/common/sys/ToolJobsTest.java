package dev.simebs.common.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.node.testing.Gate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tools that rewrite a file system are never stopped halfway. The tools here are real processes
 * held at a gate (a FIFO they read) until the test opens it, so "still running" and "finished" are
 * facts the test controls, not timings.
 */
class ToolJobsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private Path log;
  private final Callers callers = new Callers();
  private final ToolJobs jobs = new ToolJobs(new ToolRunner(Duration.ofSeconds(1)), callers);

  @BeforeEach
  void setUp() throws Exception {
    log = dir.resolve("log");
    Files.createFile(log);
  }

  @Test
  void aCallerWhoGivesUpLeavesTheToolRunningAndARepeatGetsItsResult() throws Exception {
    Gate gate = Gate.at(dir.resolve("g"));
    List<String> tool = gatedTool("fsck", gate);
    CompletableFuture<ToolRunner.Result> first = runAsync("/dev/loop-x", tool);
    callers.allGone();

    assertThat(failureOf(first)).isInstanceOf(ToolStillRunningException.class);
    CompletableFuture<ToolRunner.Result> repeat = runAsync("/dev/loop-x", tool);
    gate.open();

    assertThat(repeat.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).stdout()).isEqualTo("fsck done\n");
    assertThat(logLines()).containsExactly("fsck started", "fsck finished");
  }

  @Test
  void anInterruptedCallerLeavesTheToolRunningAndShutdownWaitsForIt() throws Exception {
    Gate gate = Gate.at(dir.resolve("g"));
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    jobs.run("/dev/loop-x", gatedTool("resize", gate), ToolJobs.Memory.LARGE);
                  } catch (Exception e) {
                    // Interrupted, as a server's shutdown interrupts its handlers.
                  }
                });
    caller.interrupt();
    caller.join();
    CompletableFuture<List<String>> seenAtShutdown = new CompletableFuture<>();
    Thread shutdown =
        Thread.ofVirtual()
            .start(
                () -> {
                  jobs.awaitAll();
                  seenAtShutdown.complete(logLines());
                });

    gate.open();
    shutdown.join();

    assertThat(seenAtShutdown.get()).containsExactly("resize started", "resize finished");
  }

  @Test
  void anotherToolOnTheSameDeviceRunsAfterTheRunningOne() throws Exception {
    Gate gate = Gate.at(dir.resolve("g"));
    Gate started = Gate.at(dir.resolve("started"));
    CompletableFuture<ToolRunner.Result> first =
        runAsync("/dev/loop-x", signallingTool("fsck", started, gate));
    started.awaitWriter();
    CompletableFuture<ToolRunner.Result> second =
        runAsync("/dev/loop-x", loggingTool("resize"));

    gate.open();

    assertThat(second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(logLines()).containsExactly("fsck started", "fsck finished", "resize ran");
  }

  @Test
  void largeToolsRunOneAtATimeAcrossDevices() throws Exception {
    Gate gate = Gate.at(dir.resolve("g"));
    Gate started = Gate.at(dir.resolve("started"));
    CompletableFuture<ToolRunner.Result> first =
        runAsync("/dev/loop-x", signallingTool("fsck", started, gate), ToolJobs.Memory.LARGE);
    started.awaitWriter();
    CompletableFuture<ToolRunner.Result> second =
        runAsync("/dev/loop-y", loggingTool("resize"), ToolJobs.Memory.LARGE);

    gate.open();

    second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(logLines()).containsExactly("fsck started", "fsck finished", "resize ran");
  }

  @Test
  void aToolThatFailsReportsItsExitAndStderr() {
    assertThatThrownBy(
            () ->
                jobs.check(
                    "/dev/loop-x",
                    List.of("sh", "-c", "echo broken >&2; exit 8"),
                    ToolJobs.Memory.SMALL))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("exited with 8: broken");
  }

  /** A caller watch the test makes go away. */
  private static final class Callers implements CallerWatch {
    private final List<Runnable> waiting = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> someoneWaits = new CompletableFuture<>();

    @Override
    public Watching whenGone(Runnable onGone) {
      waiting.add(onGone);
      someoneWaits.complete(null);
      return () -> waiting.remove(onGone);
    }

    /** Once a caller waits, every caller waiting then goes; later callers stay. */
    void allGone() throws Exception {
      someoneWaits.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      List.copyOf(waiting).forEach(Runnable::run);
    }
  }

  private CompletableFuture<ToolRunner.Result> runAsync(String device, List<String> command) {
    return runAsync(device, command, ToolJobs.Memory.SMALL);
  }

  private CompletableFuture<ToolRunner.Result> runAsync(
      String device, List<String> command, ToolJobs.Memory memory) {
    CompletableFuture<ToolRunner.Result> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                result.complete(jobs.run(device, command, memory));
              } catch (Exception e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  /** A tool that logs its start, waits at {@code gate}, then logs its end and prints "done". */
  private List<String> gatedTool(String name, Gate gate) {
    return List.of(
        "sh",
        "-c",
        "echo '" + name + " started' >> " + log + "; read x < " + gate.path() + "; echo '" + name
            + " finished' >> " + log + "; echo '" + name + " done'");
  }

  /** As {@link #gatedTool}, and says it started through the gate {@code started}. */
  private List<String> signallingTool(String name, Gate started, Gate gate) {
    return List.of(
        "sh",
        "-c",
        "echo '" + name + " started' >> " + log + "; echo up > " + started.path() + "; read x < "
            + gate.path() + "; echo '" + name + " finished' >> " + log);
  }

  private List<String> loggingTool(String name) {
    return List.of("sh", "-c", "echo '" + name + " ran' >> " + log);
  }

  private List<String> logLines() {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
