package dev.simebs.node;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A node harness beside an embedded backend-sim, both in one fresh test directory. */
final class BackendAndNode implements AutoCloseable {

  final BackendHarness backend;
  private final Path root;
  private final UnaryOperator<NodeConfig> tweak;
  private NodeHarness node;

  private BackendAndNode(
      Path root, UnaryOperator<NodeConfig> tweak, BackendHarness backend, NodeHarness node) {
    this.root = root;
    this.tweak = tweak;
    this.backend = backend;
    this.node = node;
  }

  /** Starts both, the node registered; the node's config adjusted by {@code tweak}. */
  static BackendAndNode start(UnaryOperator<NodeConfig> tweak) throws Exception {
    Path root = Leftovers.newTestDir();
    BackendHarness backend = BackendHarness.open(root.resolve("data"));
    BackendAndNode started;
    try {
      started = new BackendAndNode(
          root, tweak, backend, NodeHarness.start(root, tweak, backend.asOptional()));
    } catch (Exception e) {
      backend.close();
      throw e;
    }
    try {
      started.node.awaitRegistered();
      return started;
    } catch (InterruptedException | AssertionError e) {
      started.close();
      throw e;
    }
  }

  NodeHarness node() {
    return node;
  }

  /** Stops the node as a crash would and starts a new one over the same directories. */
  NodeHarness restartNode() throws Exception {
    node.stopServing();
    node = NodeHarness.start(root, tweak, backend.asOptional());
    node.awaitRegistered();
    return node;
  }

  /** Closes the node (failing if the test left mounts or loop devices), then the backend. */
  @Override
  public void close() throws Exception {
    try {
      node.close();
    } finally {
      backend.close();
    }
  }
}
