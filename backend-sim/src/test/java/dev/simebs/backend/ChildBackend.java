package dev.simebs.backend;

import dev.simebs.backend.server.credentials.ServerCredentials;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.ClientCredentials;
import dev.simebs.common.grpc.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone backend in a child JVM ({@link BackendMain}), started on a free port with its
 * credentials in a directory beside its data. Start-up is awaited by reading its "serving on"
 * line (and its "admin API on" line when asked for), never by sleeping.
 */
final class ChildBackend implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("serving on ([0-9.]+):(\\d+)");
  private static final Pattern ADMIN = Pattern.compile("admin API on ([0-9.]+):(\\d+)");

  private final Process process;
  private final int port;
  private final int adminPort;
  private final Path credentials;

  private ChildBackend(Process process, int port, int adminPort, Path credentials) {
    this.process = process;
    this.port = port;
    this.adminPort = adminPort;
    this.credentials = credentials;
  }

  /** A backend with credentials in {@code dataDir}'s sibling {@code credentials}. */
  static ChildBackend start(Path dataDir, Path log, String... extraArgs) throws Exception {
    Path credentials = dataDir.resolveSibling("credentials");
    List<String> args = new ArrayList<>(List.of("--credentials-dir", credentials.toString()));
    args.addAll(List.of(extraArgs));
    return startWithArgs(dataDir, log, credentials, args);
  }

  /** A backend with exactly {@code args} after its data dir and listen address. */
  static ChildBackend startWithArgs(Path dataDir, Path log, Path credentials, List<String> args)
      throws Exception {
    boolean admin = args.contains("--admin-listen");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseSerialGC",
        "--sun-misc-unsafe-memory-access=allow",
        "-cp", System.getProperty("java.class.path"),
        BackendMain.class.getName(),
        "--data-dir", dataDir.toString(),
        "--listen", "127.0.0.1:0"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = builder.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Integer> adminPort = new CompletableFuture<>();
    if (!admin) {
      adminPort.complete(-1);
    }
    Thread.ofVirtual().start(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher serving = SERVING.matcher(line);
          if (serving.find()) {
            port.complete(Integer.parseInt(serving.group(2)));
          }
          Matcher adminServing = ADMIN.matcher(line);
          if (adminServing.find()) {
            adminPort.complete(Integer.parseInt(adminServing.group(2)));
          }
        }
        IOException exited = new IOException("backend exited before serving; see " + log);
        port.completeExceptionally(exited);
        adminPort.completeExceptionally(exited);
      } catch (IOException e) {
        port.completeExceptionally(e);
        adminPort.completeExceptionally(e);
      }
    });
    try {
      return new ChildBackend(process, port.get(60, TimeUnit.SECONDS),
          adminPort.get(60, TimeUnit.SECONDS), credentials);
    } catch (Exception e) {
      process.destroyForcibly().waitFor();
      throw e;
    }
  }

  /** A TLS connection with the drivers' token, as the controller and node make it. */
  BackendConnection connect() {
    return connect(port, ServerCredentials.TOKEN);
  }

  /** A TLS connection to the admin port with the admin token. */
  BackendConnection connectAdmin() {
    return connect(adminPort, ServerCredentials.ADMIN_TOKEN);
  }

  /** A TLS connection to {@code port} presenting the token in {@code credentials/tokenItem}. */
  BackendConnection connect(int port, String tokenItem) {
    return BackendConnection.remote(new Endpoint.Tcp("127.0.0.1", port), ClientCredentials.read(
        credentials.resolve(tokenItem), credentials.resolve(ServerCredentials.CA)));
  }

  int port() {
    return port;
  }

  int adminPort() {
    return adminPort;
  }

  Path credentials() {
    return credentials;
  }

  /** Waits for the process to end by itself; its exit code. */
  int awaitExit() throws InterruptedException {
    return process.waitFor();
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
