package dev.simebs.common.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Opens client channels (plaintext, or TLS for the backend) to unix-socket or TCP endpoints. grpc-java's own unix name
 * resolver picks the epoll domain-socket transport and owns its event loops.
 */
public final class Channels {

  private Channels() {}

  public static ManagedChannel open(Endpoint endpoint) {
    return Grpc.newChannelBuilder(target(endpoint), InsecureChannelCredentials.create()).build();
  }

  /**
   * A TLS channel that trusts only the certificates in {@code caFile} (PEM) and checks the
   * server's name against its certificate, as any TLS client does.
   */
  public static ManagedChannel openTls(Endpoint endpoint, Path caFile) {
    try {
      ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(caFile.toFile()).build();
      return Grpc.newChannelBuilder(target(endpoint), tls).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CA certificate " + caFile, e);
    }
  }

  private static String target(Endpoint endpoint) {
    return switch (endpoint) {
      case Endpoint.Unix unix -> "unix://" + unix.path();
      case Endpoint.Tcp tcp -> "dns:///" + tcp.host() + ":" + tcp.port();
    };
  }
}
