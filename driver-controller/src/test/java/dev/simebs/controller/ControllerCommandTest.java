package dev.simebs.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.identity.AdvertisedSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ControllerCommandTest {

  @Test
  void defaultsServeTheKubernetesSocketPath() {
    ControllerCommand command = CommandLine.populateCommand(new ControllerCommand(), "--backend", "backend-sim:7070");

    assertThat(command.endpoint).isEqualTo(new Endpoint.Unix(Path.of("/csi/csi.sock")));
    assertThat(command.backend).isEqualTo(new Endpoint.Tcp("backend-sim", 7070));
    assertThat(command.backendTokenFile).isNull();
  }

  @Test
  void endpointAndTokenFileAreRead() {
    ControllerCommand command =
        CommandLine.populateCommand(
            new ControllerCommand(),
            "--endpoint", "unix:///run/simebs/csi.sock",
            "--backend", "127.0.0.1:9000",
            "--backend-token-file", "/secrets/token");

    assertThat(command.endpoint).isEqualTo(new Endpoint.Unix(Path.of("/run/simebs/csi.sock")));
    assertThat(command.backendTokenFile).isEqualTo(Path.of("/secrets/token"));
  }

  @Test
  void advertisesSpecV111UnlessAskedForV112() {
    ControllerCommand plain = CommandLine.populateCommand(new ControllerCommand(), "--backend", "b:1");
    ControllerCommand v112 =
        CommandLine.populateCommand(new ControllerCommand(), "--backend", "b:1", "--advertise-csi-v1.12");

    assertThat(plain.advertising.advertisedSpec()).isEqualTo(AdvertisedSpec.V1_11_0);
    assertThat(v112.advertising.advertisedSpec()).isEqualTo(AdvertisedSpec.V1_12_0);
  }

  @Test
  void backendIsRequired() {
    assertThatThrownBy(() -> CommandLine.populateCommand(new ControllerCommand()))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--backend");
  }

  @Test
  void commandIsNamedController() {
    assertThat(new CommandLine(new ControllerCommand()).getCommandName()).isEqualTo("controller");
  }
}
