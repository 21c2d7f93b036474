package dev.simebs.backend;

import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.grpc.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone backend in a child JVM ({@link BackendMain}), started on a free port. Start-up is
 * awaited by reading its "serving on" line, never by sleeping.
 */
final class ChildBackend implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("serving on ([0-9.]+):(\\d+)");

  private final Process process;
  private final int port;

  private ChildBackend(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ChildBackend start(Path dataDir, Path log, String... extraArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseSerialGC",
        "--sun-misc-unsafe-memory-access=allow",
        "-cp", System.getProperty("java.class.path"),
        BackendMain.class.getName(),
        "--data-dir", dataDir.toString(),
        "--listen", "127.0.0.1:0"));
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove(BackendCommand.TOKEN_ENV);
    Process process = builder.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher m = SERVING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(2)));
          }
        }
        port.completeExceptionally(new IOException("backend exited before serving; see " + log));
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
    });
    try {
      return new ChildBackend(process, port.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly().waitFor();
      throw e;
    }
  }

  BackendConnection connect(Optional<String> token) {
    return BackendConnection.remote(new Endpoint.Tcp("127.0.0.1", port), token);
  }

  /** SIGKILL: no shutdown hook, no flush, no close. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
