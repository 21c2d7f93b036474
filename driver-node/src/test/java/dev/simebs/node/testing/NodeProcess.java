package dev.simebs.node.testing;

import csi.v1.NodeGrpc;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.testing.ChildJvm;
import dev.simebs.common.testing.MountNamespace;
import dev.simebs.node.NodeMain;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A SimEBS node plugin ({@code simebs node}) as a kind worker runs it: a child JVM inside a mount
 * namespace of its own, with its own node ID, kubelet and state directories, beside other nodes
 * that share this machine's kernel, {@code /dev}, backend and data directory. A restart starts a
 * new JVM in the same namespace, as a restarted plugin container finds its node's kubelet mounts
 * still there.
 */
public final class NodeProcess implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("is serving on");
  private static final Pattern REGISTERED = Pattern.compile("registered with the backend");

  /** Where the node's backend is and the files of its credentials. */
  public record Backend(String address, Path tokenFile, Path caFile) {}
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final String nodeId;
  private final Path dir;
  private final MountNamespace namespace;
  private final List<String> args;
  private final Map<String, String> env;
  private ChildJvm jvm;
  private ManagedChannel channel;
  private NodeClient client;

  private NodeProcess(
      String nodeId, Path dir, MountNamespace namespace, List<String> args, Map<String, String> env) {
    this.nodeId = nodeId;
    this.dir = dir;
    this.namespace = namespace;
    this.args = args;
    this.env = env;
  }

  /**
   * Starts node {@code nodeId} in {@code dir} (kubelet directory, state directory, socket and log
   * inside), talking to {@code backend}, whose data directory is {@code
   * dataDir}; {@code env} is added to its environment (e.g. a PATH with controllable tools).
   */
  public static NodeProcess start(
      String nodeId, Path dir, Backend backend, Path dataDir, Map<String, String> env)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("kubelet"));
    List<String> args =
        List.of(
            "--endpoint", "unix://" + dir.resolve("csi.sock"),
            "--node-id", nodeId,
            "--zone", "sim-a",
            "--backend", backend.address(),
            "--backend-token-file", backend.tokenFile().toString(),
            "--backend-ca-file", backend.caFile().toString(),
            "--kubelet-dir", dir.resolve("kubelet").toString(),
            "--backend-data-dir", dataDir.toString(),
            "--state-dir", dir.resolve("state").toString());
    MountNamespace namespace = MountNamespace.create();
    NodeProcess node = new NodeProcess(nodeId, dir, namespace, args, env);
    try {
      node.launch();
      return node;
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  public String nodeId() {
    return nodeId;
  }

  /** CSI calls to this node, with paths under its kubelet directory. */
  public NodeClient client() {
    return client;
  }

  public MountNamespace namespace() {
    return namespace;
  }

  /** The running JVM, e.g. to await a line it logs. */
  public ChildJvm jvm() {
    return jvm;
  }

  /** {@code path} (e.g. a target) as the node's pods see it, with the node's mounts. */
  public Path inside(Path path) {
    return namespace.inside(path);
  }

  /** Stops the plugin (SIGTERM) and waits for it to exit; returns its exit status. */
  public int stop() throws IOException, InterruptedException {
    disconnect();
    return jvm.stop(START_TIMEOUT);
  }

  /** Kills the plugin (SIGKILL), as a crash. */
  public void kill() throws IOException, InterruptedException {
    disconnect();
    jvm.kill();
  }

  /** Starts the plugin again in the same namespace, after {@link #stop} or {@link #kill}. */
  public void restart() throws IOException {
    launch();
  }

  /** Kills the plugin if it runs and lets the namespace (and its mounts) go. */
  @Override
  public void close() throws InterruptedException {
    try {
      disconnect();
      if (jvm != null) {
        jvm.close();
      }
    } finally {
      namespace.close();
    }
  }

  private void launch() throws IOException {
    jvm =
        ChildJvm.start(
            namespace.command(List.of()),
            NodeMain.class.getName(),
            new ArrayList<>(args),
            env,
            dir.resolve("node.log"));
    jvm.awaitLine(SERVING, START_TIMEOUT);
    // The node serves before it is registered; tests attach volumes to it right away.
    jvm.awaitLine(REGISTERED, START_TIMEOUT);
    channel = Channels.open(new Endpoint.Unix(dir.resolve("csi.sock")));
    client =
        new NodeClient(
            NodeGrpc.newBlockingStub(channel),
            dir.resolve("kubelet"),
            Path.of(args.get(args.indexOf("--backend-data-dir") + 1)));
  }

  private void disconnect() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      channel = null;
    }
  }
}
