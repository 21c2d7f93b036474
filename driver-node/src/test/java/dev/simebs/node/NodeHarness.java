package dev.simebs.node;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodeGrpc;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.node.testing.NodeClient;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A node plugin served on a real unix socket in a fresh test directory, with a kubelet directory, a
 * backend data directory whose sparse files the tests create, and CSI calls in one line each
 * ({@link NodeClient}). {@link #close()} reports and removes any mount or loop device the test
 * left.
 */
public final class NodeHarness extends NodeClient implements AutoCloseable {

  public final Path root;
  public final NodePlugin plugin;
  private final GrpcServer server;
  private final ManagedChannel channel;

  private NodeHarness(
      Path root, NodeConfig config, Optional<BackendGrpc.BackendBlockingStub> backend)
      throws Exception {
    Path kubeletDir = config.allowedRoots().getFirst();
    Path dataDir = config.backendDataDir().orElseThrow();
    Files.createDirectories(kubeletDir);
    Files.createDirectories(dataDir.resolve("volumes"));
    NodePlugin plugin = NodePlugin.start(config, backend);
    GrpcServer server =
        GrpcServer.start(
            new Endpoint.Unix(root.resolve("csi.sock")),
            List.of(plugin.service()),
            List.of(),
            Duration.ofSeconds(5));
    ManagedChannel channel = Channels.open(server.endpoint());
    super(NodeGrpc.newBlockingStub(channel), kubeletDir, dataDir);
    this.root = root;
    this.plugin = plugin;
    this.server = server;
    this.channel = channel;
  }

  /** Waits for the background registration with the backend (which the node does not wait for). */
  public void awaitRegistered() throws InterruptedException {
    assertThat(plugin.registration().orElseThrow().awaitRegistered(Duration.ofSeconds(60)))
        .as("node registered with its backend")
        .isTrue();
  }

  public static NodeHarness start() throws Exception {
    return start(c -> c, Optional.empty());
  }

  /** A node in a new test directory, its config adjusted by {@code tweak}. */
  public static NodeHarness start(
      UnaryOperator<NodeConfig> tweak, Optional<BackendGrpc.BackendBlockingStub> backend)
      throws Exception {
    Path root = Leftovers.newTestDir();
    return start(root, tweak, backend);
  }

  /** A node in {@code root} (e.g. a second run over the first run's directory). */
  public static NodeHarness start(
      Path root, UnaryOperator<NodeConfig> tweak, Optional<BackendGrpc.BackendBlockingStub> backend)
      throws Exception {
    NodeConfig config =
        tweak.apply(
            NodeConfig.of("node-1", "sim-a", root.resolve("state"))
                .withAllowedRoots(List.of(root.resolve("kubelet")))
                .withBackendDataDir(root.resolve("data")));
    return new NodeHarness(root, config, backend);
  }

  /** Stops serving without cleaning up, as a crashed node would. */
  public void stopServing() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    plugin.close();
  }

  /**
   * Stops the node and removes whatever the test left below its directory.
   *
   * @throws AssertionError if the test left a mount or loop device behind
   */
  @Override
  public void close() throws IOException {
    if (!channel.isShutdown()) {
      stopServing();
    }
    List<String> left = Leftovers.under(root);
    Leftovers.clean(root);
    if (!left.isEmpty()) {
      throw new AssertionError("the test left " + left);
    }
  }
}
