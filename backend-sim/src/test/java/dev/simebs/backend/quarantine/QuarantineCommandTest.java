package dev.simebs.backend.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.BackendCommand;
import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.CreateVolumeRequest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code simebs backend quarantine list|restore|purge} against a backend serving over TCP. */
class QuarantineCommandTest {

  private static final String STRAY = "vol-0123456789abcdef0";

  @TempDir Path dir;

  private static String run(int port, Path token, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BackendCommand()).setOut(new PrintWriter(out));
    List<String> all = new ArrayList<>(List.of("quarantine"));
    all.addAll(List.of(args));
    all.addAll(List.of("--backend", "127.0.0.1:" + port, "--token-file", token.toString()));
    assertThat(cli.execute(all.toArray(String[]::new))).as(out.toString()).isZero();
    return out.toString();
  }

  @Test
  void listsRestoresAndPurgesQuarantinedFiles() throws Exception {
    Path data = dir.resolve("data");
    try (BackendSim first = BackendSim.open(BackendConfig.defaults(data));
        BackendConnection connection = BackendConnection.inProcess(first.services())) {
      connection.backend().createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1).build());
    }
    Files.writeString(data.resolve("volumes").resolve(STRAY + ".img"), "stray");
    Files.writeString(data.resolve("volumes").resolve("junk.txt"), "junk");
    Path token = Files.writeString(dir.resolve("token"), "s3cret");

    try (BackendSim sim = BackendSim.open(BackendConfig.defaults(data));
        GrpcServer server = GrpcServer.start(new Endpoint.Tcp("127.0.0.1", 0), sim.services(),
            List.of(new BearerTokenAuth("s3cret")), Duration.ofSeconds(1))) {
      int port = server.port();

      assertThat(run(port, token, "list"))
          .contains("volumes/" + STRAY + ".img", STRAY, "volumes/junk.txt", "2 quarantined");
      assertThat(run(port, token, "restore", "volumes/" + STRAY + ".img"))
          .contains("restored volumes/" + STRAY + ".img as volume " + STRAY);
      assertThat(run(port, token, "purge", "volumes/junk.txt")).contains("purged volumes/junk.txt");
      assertThat(run(port, token, "list")).contains("0 quarantined");
    }
    assertThat(data.resolve("volumes").resolve(STRAY + ".img")).exists();
  }
}
