package dev.simebs.common.backend;

import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.FileSystemAdminGrpc;
import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import io.grpc.BindableService;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A client connection to backend-sim: over TCP with TLS and a bearer token, or in-process when
 * the backend is embedded. Either way callers get the same generated stubs, so the embedded and
 * standalone backends are driven by exactly the same code.
 */
public final class BackendConnection implements AutoCloseable {

  /** The header a bearer token travels in. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final Optional<Server> inProcessServer;
  private final Optional<String> token;

  private BackendConnection(ManagedChannel channel, Optional<Server> server, Optional<String> token) {
    this.channel = channel;
    this.inProcessServer = server;
    this.token = token;
  }

  /**
   * Connects in plaintext, sending {@code token} when present: only for a backend served without
   * TLS in the same process or test (the standalone backend serves only TLS).
   */
  public static BackendConnection remote(Endpoint endpoint, Optional<String> token) {
    return new BackendConnection(Channels.open(endpoint), Optional.empty(), token);
  }

  /**
   * Connects with what a command was given: over TLS with the token and CA files when it has a
   * CA file, else in plaintext with the token file's token, if any.
   */
  public static BackendConnection fromFiles(Endpoint endpoint, Path tokenFile, Path caFile)
      throws IOException {
    if (caFile != null) {
      return remote(endpoint, ClientCredentials.read(tokenFile, caFile));
    }
    return remote(endpoint, tokenFile == null
        ? Optional.empty()
        : Optional.of(java.nio.file.Files.readString(tokenFile).strip()));
  }

  /**
   * Connects to a standalone backend over TLS, trusting {@code credentials}' CA and sending its
   * token as a bearer token on every call.
   */
  public static BackendConnection remote(Endpoint endpoint, ClientCredentials credentials) {
    return new BackendConnection(
        Channels.openTls(endpoint, credentials.caCertificate()),
        Optional.empty(),
        Optional.of(credentials.token()));
  }

  /** Serves {@code services} in-process (virtual-thread executor) and connects to them. */
  public static BackendConnection inProcess(List<? extends BindableService> services) {
    String name = "simebs-backend-" + UUID.randomUUID();
    InProcessServerBuilder builder =
        InProcessServerBuilder.forName(name).executor(Executors.newVirtualThreadPerTaskExecutor());
    services.forEach(builder::addService);
    try {
      Server server = builder.build().start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
      return new BackendConnection(channel, Optional.of(server), Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public BackendGrpc.BackendBlockingStub backend() {
    BackendGrpc.BackendBlockingStub stub = BackendGrpc.newBlockingStub(channel);
    return token.map(t -> stub.withCallCredentials(bearer(t))).orElse(stub);
  }

  public AdminGrpc.AdminBlockingStub admin() {
    AdminGrpc.AdminBlockingStub stub = AdminGrpc.newBlockingStub(channel);
    return token.map(t -> stub.withCallCredentials(bearer(t))).orElse(stub);
  }

  /** The shared-file-system API (file systems, access points, mounts). */
  public FileSystemsGrpc.FileSystemsBlockingStub fileSystems() {
    FileSystemsGrpc.FileSystemsBlockingStub stub = FileSystemsGrpc.newBlockingStub(channel);
    return token.map(t -> stub.withCallCredentials(bearer(t))).orElse(stub);
  }

  public FileSystemAdminGrpc.FileSystemAdminBlockingStub fileSystemAdmin() {
    FileSystemAdminGrpc.FileSystemAdminBlockingStub stub =
        FileSystemAdminGrpc.newBlockingStub(channel);
    return token.map(t -> stub.withCallCredentials(bearer(t))).orElse(stub);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    inProcessServer.ifPresent(Server::shutdownNow);
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
      }
    };
  }
}
