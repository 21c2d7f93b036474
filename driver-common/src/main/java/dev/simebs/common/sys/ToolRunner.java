package dev.simebs.common.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the external tools the node still needs (mkfs.*, blkid, e2fsck, resize2fs, xfs_growfs): an
 * argument array, never a shell; stdin closed; stderr in the error message. Nothing else in the
 * node starts processes. Tools that only look ({@link #run}) are killed after a timeout; tools that
 * rewrite a file system ({@link #runToEnd}, through {@link ToolJobs}) never are: killed halfway,
 * they would leave it torn.
 */
public final class ToolRunner {

  /** What a tool printed and how it exited. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {

    /** This result, or a failure naming the exit code and stderr unless the tool exited with 0. */
    public Result requireSuccess() throws ToolException {
      if (exitCode != 0) {
        throw new ToolException(command, "exited with " + exitCode + ": " + stderr.strip());
      }
      return this;
    }
  }

  private final Duration timeout;

  public ToolRunner(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Runs {@code command}, killing it after the timeout, and returns its result whatever the exit
   * code. For tools that only read.
   */
  public Result run(List<String> command) throws ToolException, InterruptedException {
    Process process = start(command);
    try {
      Output output = Output.of(process);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new ToolException(command, "timed out after " + timeout);
      }
      return output.result(command, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * Runs {@code command} to its end, however long it takes, and returns its result whatever the
   * exit code. The process is never killed, not even when the waiting thread is interrupted (it
   * keeps waiting, and keeps the interrupt for its caller).
   */
  public Result runToEnd(List<String> command) throws ToolException {
    Process process = start(command);
    Output output = Output.of(process);
    try {
      return output.result(command, uninterruptibly(process::waitFor));
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for a process cannot fail", e);
    }
  }

  /** Runs {@code command} and fails unless it exits with 0. */
  public Result check(List<String> command) throws ToolException, InterruptedException {
    return run(command).requireSuccess();
  }

  private static Process start(List<String> command) throws ToolException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LC_ALL", "C");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new ToolException(command, "cannot start: " + e.getMessage());
    }
  }

  /** What a process prints, read as it runs so it never blocks on a full pipe. */
  private record Output(CompletableFuture<String> stdout, CompletableFuture<String> stderr) {

    static Output of(Process process) {
      return new Output(drain(process.getInputStream()), drain(process.getErrorStream()));
    }

    Result result(List<String> command, int exitCode) throws ToolException {
      try {
        return new Result(List.copyOf(command), exitCode, text(stdout), text(stderr));
      } catch (ExecutionException e) {
        throw new ToolException(command, "I/O with the process failed: " + e.getMessage());
      }
    }

    /** The stream's text; its reader ends with the process, so waiting for it is brief. */
    private static String text(CompletableFuture<String> stream) throws ExecutionException {
      return uninterruptibly(stream::get);
    }
  }

  /** Something to wait for that may be interrupted. */
  @FunctionalInterface
  private interface Wait<T> {
    T get() throws InterruptedException, ExecutionException;
  }

  /** Waits through interrupts, then restores the interrupt for the caller to see. */
  private static <T> T uninterruptibly(Wait<T> wait) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return wait.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
              }
            });
    return text;
  }
}
