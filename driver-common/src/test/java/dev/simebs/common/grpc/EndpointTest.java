package dev.simebs.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EndpointTest {

  @Test
  void unixEndpointWithThreeSlashesIsAnAbsolutePath() {
    assertThat(Endpoint.parse("unix:///csi/csi.sock"))
        .isEqualTo(new Endpoint.Unix(Path.of("/csi/csi.sock")));
  }

  @Test
  void unixEndpointWithOneSlashIsAnAbsolutePath() {
    assertThat(Endpoint.parse("unix:/csi/csi.sock"))
        .isEqualTo(new Endpoint.Unix(Path.of("/csi/csi.sock")));
  }

  @Test
  void relativeUnixPathIsRefused() {
    assertThatThrownBy(() -> Endpoint.parse("unix://csi.sock"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
  }

  @Test
  void hostAndPortIsTcp() {
    assertThat(Endpoint.parse("127.0.0.1:7171")).isEqualTo(new Endpoint.Tcp("127.0.0.1", 7171));
    assertThat(Endpoint.parse("tcp://backend:7171")).isEqualTo(new Endpoint.Tcp("backend", 7171));
  }

  @Test
  void hostWithoutPortIsRefused() {
    assertThatThrownBy(() -> Endpoint.parse("backend"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
  }
}
