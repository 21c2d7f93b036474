package dev.simebs.dist.e2e;

import dev.simebs.dist.SimEbs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code simebs all-in-one} in a child JVM, so a test can kill it with SIGKILL. Start-up is
 * awaited by reading its "is serving" line, never by sleeping.
 */
final class ChildAllInOne {

  private final Process process;

  private ChildAllInOne(Process process) {
    this.process = process;
  }

  static ChildAllInOne start(Path socket, Path dataDir, Path log) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            SimEbs.class.getName(),
            "all-in-one",
            "--endpoint",
            "unix://" + socket,
            "--data-dir",
            dataDir.toString(),
            "--node-id",
            "kill-node");
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    CompletableFuture<Void> serving = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader err =
                  new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                  if (line.contains("is serving on")) {
                    serving.complete(null);
                  }
                }
                serving.completeExceptionally(new IOException("all-in-one exited before serving"));
              } catch (IOException e) {
                serving.completeExceptionally(e);
              }
            });
    try {
      serving.get(120, TimeUnit.SECONDS);
      return new ChildAllInOne(process);
    } catch (Exception e) {
      process.destroyForcibly().waitFor();
      throw e;
    }
  }

  /** SIGKILL: no shutdown, no close, no unmount. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, as a pod's stop, and wait for the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    return process.waitFor();
  }
}
