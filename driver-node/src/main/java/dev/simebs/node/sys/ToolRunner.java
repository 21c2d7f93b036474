package dev.simebs.node.sys;

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
 * Runs the external tools the node still needs (mkfs.*, blkid, resize2fs, xfs_growfs): an argument
 * array, never a shell; stdin closed; a timeout after which the process is killed; stderr in the
 * error message. Nothing else in the node starts processes.
 */
public final class ToolRunner {

  /** What a tool printed and how it exited. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {}

  private final Duration timeout;

  public ToolRunner(Duration timeout) {
    this.timeout = timeout;
  }

  /** Runs {@code command} and returns its result whatever the exit code. */
  public Result run(List<String> command) throws ToolException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LC_ALL", "C");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ToolException(command, "cannot start: " + e.getMessage());
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new ToolException(command, "timed out after " + timeout);
      }
      return new Result(List.copyOf(command), process.exitValue(), stdout.get(), stderr.get());
    } catch (IOException | ExecutionException e) {
      throw new ToolException(command, "I/O with the process failed: " + e.getMessage());
    } finally {
      process.destroyForcibly();
    }
  }

  /** Runs {@code command} and fails unless it exits with 0. */
  public Result check(List<String> command) throws ToolException, InterruptedException {
    Result result = run(command);
    if (result.exitCode() != 0) {
      throw new ToolException(
          command, "exited with " + result.exitCode() + ": " + result.stderr().strip());
    }
    return result;
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
