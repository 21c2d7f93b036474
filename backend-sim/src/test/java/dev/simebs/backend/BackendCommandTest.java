package dev.simebs.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.filesystems.FileSystemSettings;
import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.backend.zones.ZoneSpec;
import dev.simebs.common.grpc.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BackendCommandTest {

  @TempDir Path dir;

  private BackendCommand parse(String... args) {
    BackendCommand command = new BackendCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void defaultsListOn7171WithTwoZonesAndLimit25() throws IOException {
    BackendCommand command = parse();

    assertThat(command.listen).isEqualTo(new Endpoint.Tcp("127.0.0.1", 7171));
    BackendConfig config = command.backendConfig();
    assertThat(config.zones()).extracting(ZoneSpec::name).containsExactly("sim-a", "sim-b");
    assertThat(config.defaultAttachmentLimit()).isEqualTo(25);
    assertThat(config.simulation().getFaultsList()).isEmpty();
  }

  @Test
  void theVolumeStoreIsMadeWhereNeededAndAnEmptyDatabaseIsRefusedUnlessToldOtherwise()
      throws IOException {
    BackendConfig defaults = parse().backendConfig();
    BackendConfig told = parse("--volume-store", "DATA_DIR", "--allow-empty-database",
        "--copy-rate", "5").backendConfig();

    assertThat(defaults.volumeStore()).isEqualTo(VolumeStoreMode.AUTO);
    assertThat(defaults.allowEmptyDatabase()).isFalse();
    assertThat(told.volumeStore()).isEqualTo(VolumeStoreMode.DATA_DIR);
    assertThat(told.allowEmptyDatabase()).isTrue();
    assertThat(told.simulation().getCopyMibPerSecond()).isEqualTo(5);
  }

  @Test
  void zonesAndLimitComeFromFlags() throws IOException {
    BackendConfig config = parse("--zone", "east-1=50", "--zone", "east-2=70",
        "--attachment-limit", "8").backendConfig();

    assertThat(config.zones()).containsExactly(new ZoneSpec("east-1", 50), new ZoneSpec("east-2", 70));
    assertThat(config.defaultAttachmentLimit()).isEqualTo(8);
  }

  @Test
  void fileSystemFlagsShapeTheFileSystems() throws IOException {
    FileSystemSettings settings = parse("--access-point-limit", "7", "--default-file-system",
        "--file-system-size-refresh", "PT0S", "--data-dir", dir.toString()).backendConfig().fileSystems();

    assertThat(settings.accessPointLimit()).isEqualTo(7);
    assertThat(settings.sizeRefresh()).isZero();
    assertThat(settings.defaultFileSystem()).contains(FileSystemSettings.DEFAULT_CREATION_TOKEN);
  }

  @Test
  void simulationConfigIsReadFromJson() throws IOException {
    Path file = Files.writeString(dir.resolve("sim.json"), """
        {
          "latencies": [{"operation": "CreateVolume", "minMillis": "100", "maxMillis": "500"}],
          "throttles": [{"operation": "*", "refillPerSecond": 20, "burst": 40}],
          "faults": [{"operation": "AttachVolume", "reason": "ATTACHMENT_LIMIT_EXCEEDED",
                      "nextN": 1}],
          "modificationCooldownSeconds": 30
        }
        """);

    BackendConfig config = parse("--config", file.toString()).backendConfig();

    assertThat(config.simulation().getLatencies(0).getMaxMillis()).isEqualTo(500);
    assertThat(config.simulation().getThrottles(0).getBurst()).isEqualTo(40);
    assertThat(config.simulation().getFaults(0).getReason())
        .isEqualTo(ErrorReason.ATTACHMENT_LIMIT_EXCEEDED);
    assertThat(config.simulation().getModificationCooldownSeconds()).isEqualTo(30);
  }

  @Test
  void simulationRulesComeFromFlagsOnTopOfTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("sim.json"),
        "{\"latencies\": [{\"operation\": \"AttachVolume\", \"maxMillis\": \"5\"}]}");

    BackendConfig config = parse("--config", file.toString(),
        "--latency", "CreateVolume=200..800", "--throttle", "*=5/10",
        "--fault", "AttachVolume=ATTACHMENT_LIMIT_EXCEEDED:next=2",
        "--fault", "CreateSnapshot=INTERNAL_ERROR:p=0.25",
        "--stuck-attachment", "vol-0123456789abcdef0@node-1",
        "--modification-cooldown", "60").backendConfig();

    assertThat(config.simulation().getLatenciesList()).extracting(l -> l.getOperation())
        .containsExactly("AttachVolume", "CreateVolume");
    assertThat(config.simulation().getLatencies(1).getMinMillis()).isEqualTo(200);
    assertThat(config.simulation().getLatencies(1).getMaxMillis()).isEqualTo(800);
    assertThat(config.simulation().getThrottles(0).getRefillPerSecond()).isEqualTo(5.0);
    assertThat(config.simulation().getThrottles(0).getBurst()).isEqualTo(10);
    assertThat(config.simulation().getFaults(0).getNextN()).isEqualTo(2);
    assertThat(config.simulation().getFaults(1).getProbability()).isEqualTo(0.25);
    assertThat(config.simulation().getStuckAttachments(0).getNodeId()).isEqualTo("node-1");
    assertThat(config.simulation().getModificationCooldownSeconds()).isEqualTo(60);
  }

  @Test
  void malformedRuleFlagNamesTheExpectedForm() {
    assertThatThrownBy(() -> parse("--throttle", "CreateVolume=fast").backendConfig())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REFILL_PER_SECOND/BURST");
  }

  @Test
  void malformedSimulationConfigNamesTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"latencies\": 3}");

    assertThatThrownBy(() -> parse("--config", file.toString()).backendConfig())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.json");
  }
}
