package dev.simebs.common.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server on a unix socket or TCP port. Calls run on virtual threads, so handlers may block
 * on files, tools and the backend without starving each other. {@link #close()} stops accepting,
 * lets in-flight calls finish for a bounded time, then cancels the rest and removes the socket.
 */
public final class GrpcServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  private final Endpoint endpoint;
  private final Server server;
  private final ExecutorService executor;
  private final EventLoopGroup eventLoops;
  private final Duration gracePeriod;

  private GrpcServer(
      Endpoint endpoint,
      Server server,
      ExecutorService executor,
      EventLoopGroup eventLoops,
      Duration gracePeriod) {
    this.endpoint = endpoint;
    this.server = server;
    this.executor = executor;
    this.eventLoops = eventLoops;
    this.gracePeriod = gracePeriod;
  }

  /** Starts serving {@code services} (each wrapped in {@code interceptors}) at {@code endpoint}. */
  public static GrpcServer start(
      Endpoint endpoint,
      List<? extends BindableService> services,
      List<? extends ServerInterceptor> interceptors,
      Duration gracePeriod)
      throws IOException {
    return start(endpoint, Optional.empty(), services, interceptors, gracePeriod);
  }

  /**
   * Starts serving {@code services} over TLS on a TCP {@code endpoint}, with the PEM certificate
   * chain and PKCS#8 private key given (grpc-netty's TLS, on the JDK's provider).
   */
  public static GrpcServer startTls(
      Endpoint.Tcp endpoint,
      String certificateChainPem,
      String privateKeyPem,
      List<? extends BindableService> services,
      List<? extends ServerInterceptor> interceptors,
      Duration gracePeriod)
      throws IOException {
    ServerCredentials tls =
        TlsServerCredentials.create(
            new ByteArrayInputStream(certificateChainPem.getBytes(StandardCharsets.US_ASCII)),
            new ByteArrayInputStream(privateKeyPem.getBytes(StandardCharsets.US_ASCII)));
    return start(endpoint, Optional.of(tls), services, interceptors, gracePeriod);
  }

  private static GrpcServer start(
      Endpoint endpoint,
      Optional<ServerCredentials> tls,
      List<? extends BindableService> services,
      List<? extends ServerInterceptor> interceptors,
      Duration gracePeriod)
      throws IOException {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    EventLoopGroup eventLoops = new EpollEventLoopGroup(1);
    NettyServerBuilder builder =
        switch (endpoint) {
          case Endpoint.Unix unix -> {
            SocketFiles.prepareForListening(unix.path());
            yield NettyServerBuilder.forAddress(new DomainSocketAddress(unix.path().toFile()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(eventLoops)
                .workerEventLoopGroup(eventLoops);
          }
          case Endpoint.Tcp tcp -> {
            InetSocketAddress address = new InetSocketAddress(tcp.host(), tcp.port());
            yield tls.map(credentials -> NettyServerBuilder.forAddress(address, credentials))
                .orElseGet(() -> NettyServerBuilder.forAddress(address));
          }
        };
    List<ServerInterceptor> ordered = new ArrayList<>(interceptors);
    for (BindableService service : services) {
      ServerServiceDefinition definition = service.bindService();
      builder.addService(ServerInterceptors.intercept(definition, ordered));
    }
    Server server = builder.executor(executor).build();
    try {
      server.start();
    } catch (IOException e) {
      executor.close();
      eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + endpoint + ": " + e.getMessage(), e);
    }
    log.info("serving gRPC on {}{}", endpoint, tls.isPresent() ? " (TLS)" : "");
    return new GrpcServer(endpoint, server, executor, eventLoops, gracePeriod);
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The TCP port actually bound (useful with port 0), or -1 for a unix socket. */
  public int port() {
    return endpoint instanceof Endpoint.Tcp ? server.getPort() : -1;
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("in-flight calls did not finish within {}; cancelling them", gracePeriod);
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    stopHandlers();
    eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    if (endpoint instanceof Endpoint.Unix unix) {
      deleteSocket(unix.path());
    }
    log.info("stopped serving on {}", endpoint);
  }

  /** Interrupts handlers still running after their calls ended, and waits for them briefly. */
  private void stopHandlers() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("some call handlers did not stop within 5 s of being interrupted");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteSocket(Path socket) {
    try {
      if (Files.exists(socket) && SocketFiles.isSocket(socket)) {
        Files.delete(socket);
      }
    } catch (IOException e) {
      log.warn("could not remove socket {}: {}", socket, e.getMessage());
    }
  }
}
