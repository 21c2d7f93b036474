package dev.simebs.cloudcli;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.server.BearerTokenAuth;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * A backend serving over TCP on a free port with a bearer token, as {@code simebs backend} does,
 * and a way to run {@code simebs cloud} against it and read what it printed.
 */
final class LiveBackend implements AutoCloseable {

  static final String TOKEN = "cli-test-token";

  /** What one CLI run printed, and its exit status. */
  record Run(int status, String out, String err) {}

  private final BackendSim sim;
  private final GrpcServer server;
  private final BackendConnection api;
  private final Path tokenFile;

  private LiveBackend(BackendSim sim, GrpcServer server, Path tokenFile) {
    this.sim = sim;
    this.server = server;
    this.tokenFile = tokenFile;
    this.api = BackendConnection.remote(address(), Optional.of(TOKEN));
  }

  static LiveBackend start(Path dir) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    BackendSim sim = BackendSim.open(BackendConfig.defaults(dir.resolve("data")));
    GrpcServer server =
        GrpcServer.start(
            new Endpoint.Tcp("127.0.0.1", 0), sim.services(), List.of(new BearerTokenAuth(TOKEN)), Duration.ofSeconds(1));
    return new LiveBackend(sim, server, tokenFile);
  }

  Endpoint.Tcp address() {
    return new Endpoint.Tcp("127.0.0.1", server.port());
  }

  /** The backend's API, to arrange what the CLI then shows. */
  BackendConnection api() {
    return api;
  }

  /** {@code simebs cloud ARGS --backend … --backend-token-file …}. */
  Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--backend", address().toString(), "--backend-token-file", tokenFile.toString()));
    return cliAsIs(all.toArray(String[]::new));
  }

  /** {@code simebs cloud ARGS} with nothing added. */
  static Run cliAsIs(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        new CommandLine(new CloudCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Override
  public void close() {
    api.close();
    server.close();
    sim.close();
  }
}
