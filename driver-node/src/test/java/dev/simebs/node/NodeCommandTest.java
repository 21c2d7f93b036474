package dev.simebs.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.grpc.Endpoint;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.node.request.InlineVolumeLimits;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NodeCommandTest {

  @Test
  void defaultsMatchAKubeletDeployment() {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs();

    assertThat(command.endpoint).isEqualTo(new Endpoint.Unix(Path.of("/csi/csi.sock")));
    assertThat(command.maxVolumes).isEqualTo(25);
    assertThat(command.kubeletDir).isEqualTo(Path.of("/var/lib/kubelet"));
    assertThat(command.backend).isNull();
  }

  @Test
  void zoneFlagWinsOverEverythingElse() {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs("--zone", "sim-b", "--node-id", "n1");

    assertThat(command.resolveZone("n1", Optional.empty())).contains("sim-b");
  }

  @Test
  void withoutAZoneFlagOrAClusterThereIsNoZoneRatherThanAMadeUpOne() {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs("--node-id", "n1");

    assertThat(command.resolveZone("n1", Optional.empty())).isEmpty();
  }

  @Test
  void inlineVolumeLimitsComeFromFlags() {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs("--ephemeral-max-size", "5Gi", "--ephemeral-types", "io2, gp3");

    assertThat(command.inlineLimits())
        .isEqualTo(new InlineVolumeLimits(5, EnumSet.of(VolumeType.IO2, VolumeType.GP3)));
  }
}
