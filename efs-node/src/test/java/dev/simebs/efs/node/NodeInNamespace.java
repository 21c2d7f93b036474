package dev.simebs.efs.node;

import csi.v1.NodeGrpc;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import io.grpc.ManagedChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An EFS node plugin as a kind worker runs it: a child JVM in a mount namespace of its own
 * ({@code unshare --mount --propagation private}), with its own node ID and kubelet directory,
 * seeing the same backend data directory as every other node. A holder process keeps the
 * namespace alive, so the plugin can be killed and started again in it (mounts survive the
 * plugin, as on a real node), and "pods" can run commands inside it as any user.
 */
final class NodeInNamespace implements AutoCloseable {

  /** What a command printed and how it exited. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private final String nodeId;
  private final Path dir;
  private final Process holder;
  private final List<String> nodeArgs;
  private Process plugin;
  private ManagedChannel channel;

  private NodeInNamespace(String nodeId, Path dir, Process holder, List<String> nodeArgs) {
    this.nodeId = nodeId;
    this.dir = dir;
    this.holder = holder;
    this.nodeArgs = nodeArgs;
  }

  /** Starts node {@code nodeId} in a new mount namespace, against the backend at {@code port}. */
  static NodeInNamespace start(String nodeId, String zone, Path dir, int backendPort,
      Path backendDataDir) throws Exception {
    Files.createDirectories(dir.resolve("kubelet"));
    // sh execs sleep in place, so the holder's PID stays the namespace's first process.
    Process holder = new ProcessBuilder("unshare", "--mount", "--propagation", "private",
        "sh", "-c", "echo ready; exec sleep infinity").redirectErrorStream(true).start();
    List<String> args = List.of(
        "--endpoint", "unix://" + dir.resolve("node.sock"),
        "--node-id", nodeId,
        "--zone", zone,
        "--backend", "127.0.0.1:" + backendPort,
        "--backend-data-dir", backendDataDir.toString(),
        "--kubelet-dir", dir.resolve("kubelet").toString());
    NodeInNamespace node = new NodeInNamespace(nodeId, dir, holder, args);
    try {
      node.awaitNamespace();
      node.startPlugin();
      return node;
    } catch (Exception e) {
      node.close();
      throw e;
    }
  }

  /** The holder says "ready" once unshare made the namespace and ran it. */
  private void awaitNamespace() throws IOException {
    String line = new BufferedReader(new InputStreamReader(holder.getInputStream(),
        StandardCharsets.UTF_8)).readLine();
    if (!"ready".equals(line)) {
      throw new IOException("unshare did not make a mount namespace: " + line);
    }
  }

  /** Starts the plugin JVM inside the namespace and waits for its "serving" line. */
  void startPlugin() throws Exception {
    List<String> command = new ArrayList<>(List.of(
        "nsenter", "--target", Long.toString(holder.pid()), "--mount", "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        EfsNodeCommand.class.getName()));
    command.addAll(nodeArgs);
    plugin = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()))
        .start();
    CompletableFuture<Void> serving = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(plugin.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.contains("is serving on")) {
            serving.complete(null);
          }
        }
        serving.completeExceptionally(new IOException(
            "node " + nodeId + " exited before serving; see " + dir.resolve("node.log")));
      } catch (IOException e) {
        serving.completeExceptionally(e);
      }
    });
    serving.get(90, TimeUnit.SECONDS);
    channel = Channels.open(new Endpoint.Unix(dir.resolve("node.sock")));
  }

  /** SIGKILL of the plugin: its FUSE servers die with it, its mounts stay in the namespace. */
  void killPlugin() throws InterruptedException {
    channel.shutdownNow();
    plugin.destroyForcibly().waitFor();
  }

  String nodeId() {
    return nodeId;
  }

  NodeGrpc.NodeBlockingStub node() {
    return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** A target path under this node's kubelet directory, as kubelet would choose it. */
  Path target(String pod) {
    return dir.resolve("kubelet/pods").resolve(pod).resolve("volumes/mount");
  }

  /** Runs {@code script} with sh inside the node's namespace as {@code uid}:{@code gid}. */
  Result runAs(int uid, int gid, String script) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        "nsenter", "--target", Long.toString(holder.pid()), "--mount", "--"));
    if (uid != 0 || gid != 0) {
      command.addAll(List.of("setpriv", "--reuid", Integer.toString(uid), "--regid",
          Integer.toString(gid), "--clear-groups"));
    }
    command.addAll(List.of("sh", "-c", script));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      return new Result(-1, output + " (timed out)");
    }
    return new Result(process.exitValue(), output.strip());
  }

  @Override
  public void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (plugin != null) {
      plugin.destroyForcibly().waitFor();
    }
    // The namespace, and every mount in it, goes with its last process.
    holder.destroyForcibly().waitFor();
  }
}
