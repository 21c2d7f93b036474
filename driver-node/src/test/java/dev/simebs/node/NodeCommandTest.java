package dev.simebs.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.grpc.Endpoint;
import java.nio.file.Path;
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

    assertThat(command.resolveZone("n1")).isEqualTo("sim-b");
  }

  @Test
  void outsideAClusterTheZoneIsTheDocumentedDefault() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("KUBERNETES_SERVICE_HOST") == null, "runs outside a cluster only");
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs("--node-id", "n1");

    assertThat(command.resolveZone("n1")).isEqualTo(NodeConfig.DEFAULT_ZONE);
  }
}
