package dev.simebs.common.grpc;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a gRPC server listens or a client connects: a unix socket ({@code unix:///path}) or a TCP
 * address ({@code host:port}, {@code tcp://host:port}).
 */
public sealed interface Endpoint {

  /** A unix domain socket at an absolute path. */
  record Unix(Path path) implements Endpoint {
    public Unix {
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException("unix socket path must be absolute: " + path);
      }
      path = path.normalize();
    }

    @Override
    public String toString() {
      return "unix://" + path;
    }
  }

  /** A TCP host and port. */
  record Tcp(String host, int port) implements Endpoint {
    public Tcp {
      if (host.isBlank()) {
        throw new IllegalArgumentException("TCP endpoint needs a host");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("TCP port out of range: " + port);
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /** Parses {@code unix:///abs/path}, {@code unix:/abs/path}, {@code tcp://h:p} or {@code h:p}. */
  public static Endpoint parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("endpoint is empty");
    }
    if (text.startsWith("unix:")) {
      String path = text.substring("unix:".length());
      if (path.startsWith("//")) {
        path = path.substring(2);
      }
      return new Unix(Path.of(path));
    }
    String hostPort = text.startsWith("tcp://") ? text.substring("tcp://".length()) : text;
    URI uri = URI.create("tcp://" + hostPort);
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException(
          "endpoint must be unix:///path or host:port, got: " + text);
    }
    return new Tcp(uri.getHost(), uri.getPort());
  }
}
