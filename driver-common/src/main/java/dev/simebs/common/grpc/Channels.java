package dev.simebs.common.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/**
 * Opens plaintext client channels to unix-socket or TCP endpoints. grpc-java's own unix name
 * resolver picks the epoll domain-socket transport and owns its event loops.
 */
public final class Channels {

  private Channels() {}

  public static ManagedChannel open(Endpoint endpoint) {
    String target =
        switch (endpoint) {
          case Endpoint.Unix unix -> "unix://" + unix.path();
          case Endpoint.Tcp tcp -> "dns:///" + tcp.host() + ":" + tcp.port();
        };
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
  }
}
