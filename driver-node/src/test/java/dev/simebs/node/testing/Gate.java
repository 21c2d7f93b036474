package dev.simebs.node.testing;

import dev.simebs.common.sys.ToolRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A FIFO that holds a real process (a shell reading it) until the test opens it: "still running"
 * and "may finish now" become facts the test controls, not timings.
 */
public final class Gate {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private final Path fifo;

  private Gate(Path fifo) {
    this.fifo = fifo;
  }

  /** Makes the FIFO at {@code fifo} (mkfifo). */
  public static Gate at(Path fifo) throws IOException, InterruptedException {
    new ToolRunner(PATIENCE).check(List.of("mkfifo", fifo.toString()));
    return new Gate(fifo);
  }

  /** The FIFO; a shell waits at it with {@code read x < <path>}. */
  public Path path() {
    return fifo;
  }

  /**
   * Lets the waiting process go on. Returns once it has read the gate, which proves it was alive
   * to read it; fails if no process reads it in time.
   */
  public void open() throws Exception {
    CompletableFuture.runAsync(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("go\n".getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  /** Returns once a process writes to the gate (a tool saying it has started). */
  public void awaitWriter() throws Exception {
    CompletableFuture.runAsync(
            () -> {
              try {
                Files.readAllBytes(fifo);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }
}
