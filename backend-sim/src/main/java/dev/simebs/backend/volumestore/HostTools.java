package dev.simebs.backend.volumestore;

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
 * Runs the few host tools the backend needs to make its own volume store (mkfs.xfs, mount,
 * umount, findmnt): an argument array, never a shell; stdin closed; stderr in the error. Nothing
 * else in the backend starts processes.
 */
public final class HostTools {

  /** What a tool printed and how it exited. */
  public record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** Runs {@code command}; an exit code other than 0 is an IOException with its stderr. */
  public String check(List<String> command) throws IOException {
    Result result = run(command);
    if (!result.ok()) {
      throw new IOException(String.join(" ", command) + " exited with " + result.exitCode()
          + ": " + result.stderr().strip());
    }
    return result.stdout();
  }

  /** Runs {@code command} and returns how it went, whatever the exit code. */
  public Result run(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      // These tools finish in well under a second; the bound only guards against a hung mount.
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT);
      }
      return new Result(process.exitValue(), stdout.get(), stderr.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    } catch (ExecutionException e) {
      throw new IOException("cannot read the output of " + String.join(" ", command), e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (stream) {
        text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        text.completeExceptionally(new UncheckedIOException(e));
      }
    });
    return text;
  }
}
