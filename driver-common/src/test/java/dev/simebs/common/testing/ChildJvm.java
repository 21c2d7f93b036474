package dev.simebs.common.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class run in a child JVM from this JVM's class path (through {@link ExitWithParent}, so it
 * exits with the test). Its output (stdout and stderr) is appended to a log file and can be awaited
 * line by line: start-up and other events are read from what the child says, never slept on.
 */
public final class ChildJvm implements AutoCloseable {

  private record Awaited(Pattern pattern, CompletableFuture<Matcher> match) {}

  private final Process process;
  private final Path log;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<Awaited> awaited = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args}, its command line prefixed by {@code prefix} (e.g.
   * {@link MountNamespace#command} to run it in a namespace), {@code env} added to this JVM's
   * environment, and its output appended to {@code log}.
   */
  public static ChildJvm start(
      List<String> prefix, String mainClass, List<String> args, Map<String, String> env, Path log)
      throws IOException {
    List<String> jvm =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                ExitWithParent.class.getName(),
                mainClass));
    jvm.addAll(args);
    List<String> command = new ArrayList<>(prefix);
    command.addAll(jvm);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    ChildJvm child = new ChildJvm(builder.start(), log);
    child.readOutput();
    return child;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for a line of output that matches {@code pattern} (one seen already counts).
   *
   * @throws IOException when the child ends first, or nothing matches within {@code timeout}
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout) throws IOException {
    CompletableFuture<Matcher> match = new CompletableFuture<>();
    awaited.add(new Awaited(pattern, match));
    for (String line : lines) {
      offer(line);
    }
    try {
      CompletableFuture.anyOf(match, ended).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!match.isDone()) {
        throw new IOException("the child ended without printing /" + pattern + "/; see " + log);
      }
      return match.resultNow();
    } catch (TimeoutException e) {
      throw new IOException("no line /" + pattern + "/ within " + timeout + "; see " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for /" + pattern + "/", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  /** SIGTERM, then waits for the exit; returns the exit status. */
  public int stop(Duration timeout) throws InterruptedException, IOException {
    // Through the handle: Process.destroy would also close the child's stdin, which makes
    // ExitWithParent end it at once instead of letting it stop in order.
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IOException("the child did not stop within " + timeout + "; see " + log);
    }
    return process.exitValue();
  }

  /** Waits for the child to exit; returns its status. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** SIGKILL, as a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void readOutput() {
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  Writer file =
                      Files.newBufferedWriter(
                          log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                String line;
                while ((line = out.readLine()) != null) {
                  file.write(line);
                  file.write('\n');
                  file.flush();
                  lines.add(line);
                  offer(line);
                }
              } catch (IOException e) {
                // The child is gone; whoever waits learns it from `ended`.
              } finally {
                ended.complete(null);
              }
            });
  }

  private void offer(String line) {
    for (Awaited wanted : awaited) {
      Matcher matcher = wanted.pattern().matcher(line);
      if (!wanted.match().isDone() && matcher.find()) {
        wanted.match().complete(matcher);
      }
    }
  }
}
