package dev.simebs.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcServerSocketTest {

  @TempDir Path dir;

  @Test
  void staleSocketFileIsReplaced() throws IOException {
    Path socket = dir.resolve("csi.sock");
    leaveStaleSocket(socket);
    assertThat(SocketFiles.isSocket(socket)).isTrue();

    try (GrpcServer server = start(socket)) {
      assertThat(SocketFiles.isSocket(socket)).isTrue();
      assertThat(server.endpoint()).isEqualTo(new Endpoint.Unix(socket));
    }
  }

  @Test
  void regularFileAtEndpointIsRefusedAndLeftUntouched() throws IOException {
    Path notASocket = dir.resolve("csi.sock");
    Files.writeString(notASocket, "precious user data");

    assertThatThrownBy(() -> start(notASocket))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a unix socket");
    assertThat(Files.readString(notASocket)).isEqualTo("precious user data");
  }

  @Test
  void directoryAtEndpointIsRefusedAndLeftUntouched() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("csi.sock"));

    assertThatThrownBy(() -> start(directory)).hasMessageContaining("is not a unix socket");
    assertThat(directory).isDirectory();
  }

  @Test
  void socketOfALiveServerIsRefused() throws IOException {
    Path socket = dir.resolve("csi.sock");
    try (GrpcServer live = start(socket)) {
      assertThatThrownBy(() -> start(socket)).hasMessageContaining("another server is listening");
    }
  }

  @Test
  void socketIsRemovedOnClose() throws IOException {
    Path socket = dir.resolve("csi.sock");
    start(socket).close();
    assertThat(socket).doesNotExist();
  }

  @Test
  void missingParentDirectoriesAreCreated() throws IOException {
    Path socket = dir.resolve("a/b/csi.sock");
    try (GrpcServer server = start(socket)) {
      assertThat(SocketFiles.isSocket(socket)).isTrue();
    }
  }

  private static GrpcServer start(Path socket) throws IOException {
    return GrpcServer.start(new Endpoint.Unix(socket), List.of(), List.of(), Duration.ofSeconds(1));
  }

  /** A socket file whose server is gone, as a killed driver leaves it. */
  private static void leaveStaleSocket(Path socket) throws IOException {
    try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.bind(UnixDomainSocketAddress.of(socket));
    }
  }
}
