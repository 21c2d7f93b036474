package dev.simebs.bench.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the driver under test from a command line (split on white space, no shell), its output
 * going to a log file, and stops it with SIGTERM (then SIGKILL) when the run ends or the JVM
 * exits.
 */
public final class DriverLauncher implements AutoCloseable {

  private final Process process;
  private final long startNanos;
  private final Thread stopOnExit;

  private DriverLauncher(Process process, long startNanos) {
    this.process = process;
    this.startNanos = startNanos;
    this.stopOnExit = new Thread(this::stop, "bench-stop-driver");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  public static List<String> split(String commandLine) {
    List<String> words =
        Arrays.stream(commandLine.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    if (words.isEmpty()) {
      throw new IllegalArgumentException("--launch needs a command");
    }
    return words;
  }

  public static DriverLauncher start(String commandLine, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(split(commandLine))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long start = System.nanoTime();
    return new DriverLauncher(builder.start(), start);
  }

  public long pid() {
    return process.pid();
  }

  /** When the process was started, on the {@link System#nanoTime()} clock. */
  public long startNanos() {
    return startNanos;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException alreadyExiting) {
      // The hook is running or has run; the process is stopped either way.
    }
  }
}
