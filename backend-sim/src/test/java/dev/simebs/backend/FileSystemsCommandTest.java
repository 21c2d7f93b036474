package dev.simebs.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.cli.FileSystemsCommand;
import dev.simebs.backend.filesystems.FileSystemSettings;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code simebs file-systems} against a backend served over TCP, and the serving flags. */
class FileSystemsCommandTest {

  @TempDir Path dir;
  private BackendSim sim;
  private GrpcServer server;

  @BeforeEach
  void serve() throws Exception {
    sim = BackendSim.open(BackendConfig.defaults(dir));
    server = GrpcServer.start(new Endpoint.Tcp("127.0.0.1", 0), sim.services(), List.of(),
        Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    server.close();
    sim.close();
  }

  private String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--backend";
      all[args.length + 1] = "127.0.0.1:" + server.port();
      assertThat(new CommandLine(new FileSystemsCommand()).execute(all)).isZero();
    } finally {
      System.setOut(previous);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void createPrintsTheIdAndListShowsIt() {
    String id = run("create", "--creation-token", "team-a").strip();
    assertThat(ResourceIds.FILE_SYSTEM.isValid(id)).isTrue();
    assertThat(run("create", "--creation-token", "team-a").strip()).isEqualTo(id);
    String oneZone = run("create", "--creation-token", "small", "--one-zone", "sim-b").strip();

    String listing = run("list");
    assertThat(listing).contains(id, "team-a", "regional", oneZone, "sim-b", "available");

    assertThat(run("mount-target", oneZone, "sim-b", "down")).contains("is down");
    assertThat(run("delete", oneZone)).contains("deleted " + oneZone);
    assertThat(run("list")).doesNotContain(oneZone);
  }

  @Test
  void servingFlagsShapeTheFileSystems() throws Exception {
    BackendCommand command = new BackendCommand();
    new CommandLine(command).parseArgs("--access-point-limit", "7", "--default-file-system",
        "--file-system-size-refresh", "PT0S", "--data-dir", dir.toString());
    FileSystemSettings settings = command.backendConfig().fileSystems();

    assertThat(settings.accessPointLimit()).isEqualTo(7);
    assertThat(settings.sizeRefresh()).isZero();
    assertThat(settings.defaultFileSystem()).contains(FileSystemSettings.DEFAULT_CREATION_TOKEN);
  }
}
