package dev.simebs.cloudcli;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.server.BearerTokenAuth;
import dev.simebs.backend.server.credentials.DirectoryCredentials;
import dev.simebs.backend.server.credentials.ServerCredentials;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.ClientCredentials;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import io.grpc.BindableService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A backend served as {@code simebs backend} serves it: TLS only, the cloud's API on one port with
 * the driver token, the admin API on another with the admin token, credentials as files in a
 * directory. And a way to run {@code simebs cloud} against it with those files.
 */
final class LiveBackend implements AutoCloseable {

  /** What one CLI run printed, and its exit status. */
  record Run(int status, String out, String err) {}

  private final BackendSim sim;
  private final GrpcServer api;
  private final GrpcServer admin;
  private final Path credentials;
  private final BackendConnection driver;
  private final BackendConnection operator;

  private LiveBackend(BackendSim sim, GrpcServer api, GrpcServer admin, Path credentials) {
    this.sim = sim;
    this.api = api;
    this.admin = admin;
    this.credentials = credentials;
    this.driver = BackendConnection.remote(address(), ClientCredentials.read(file("token"), file("ca.crt")));
    this.operator =
        BackendConnection.remote(adminAddress(), ClientCredentials.read(file("admin-token"), file("ca.crt")));
  }

  /** A backend with its data in {@code dir}/data, its credentials in {@code dir}/credentials (kept across starts). */
  static LiveBackend start(Path dir) throws Exception {
    Path credentials = dir.resolve("credentials");
    ServerCredentials server = new DirectoryCredentials(credentials).loadOrCreate(List.of("127.0.0.1", "localhost"));
    BackendSim sim = BackendSim.open(BackendConfig.defaults(dir.resolve("data")));
    GrpcServer api = serve(server, sim.driverServices(), server.token());
    GrpcServer admin = serve(server, sim.adminServices(), server.adminToken());
    return new LiveBackend(sim, api, admin, credentials);
  }

  private static GrpcServer serve(ServerCredentials server, List<BindableService> services, String token)
      throws Exception {
    return GrpcServer.startTls(
        new Endpoint.Tcp("127.0.0.1", 0), server.certificatePem(), server.privateKeyPem(),
        services, List.of(new BearerTokenAuth(token)), Duration.ofSeconds(1));
  }

  Endpoint.Tcp address() {
    return new Endpoint.Tcp("127.0.0.1", api.port());
  }

  Endpoint.Tcp adminAddress() {
    return new Endpoint.Tcp("127.0.0.1", admin.port());
  }

  /** How this backend's store copies images: at once by reflink, or extent by extent. */
  CopyMethod copyMethod() {
    return sim.copyMethod();
  }

  /** A credential file, as the backend wrote it: token, admin-token, ca.crt. */
  Path file(String name) {
    return credentials.resolve(name);
  }

  /** The cloud's API, with the driver's token, to arrange what the CLI then shows. */
  BackendConnection api() {
    return driver;
  }

  /** The admin API, with the admin token. */
  BackendConnection admin() {
    return operator;
  }

  /** {@code simebs cloud ARGS} with the driver's token and CA files and the admin address and token. */
  Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(
        "--backend", address().toString(),
        "--backend-token-file", file("token").toString(),
        "--backend-ca-file", file("ca.crt").toString(),
        "--admin", adminAddress().toString(),
        "--admin-token-file", file("admin-token").toString()));
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
    driver.close();
    operator.close();
    admin.close();
    api.close();
    sim.close();
  }
}
