package dev.simebs.node;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A node harness beside an embedded backend on the node's data directory, registered with it. */
final class NodeOnBackend implements AutoCloseable {

  final BackendHarness backend;
  final NodeHarness node;

  private NodeOnBackend(BackendHarness backend, NodeHarness node) {
    this.backend = backend;
    this.node = node;
  }

  static NodeOnBackend start(UnaryOperator<NodeConfig> tweak) throws Exception {
    Path root = Leftovers.newTestDir();
    BackendHarness backend = BackendHarness.open(root.resolve("data"));
    NodeHarness node;
    try {
      node = NodeHarness.start(root, tweak, backend.asOptional());
    } catch (Exception e) {
      backend.close();
      throw e;
    }
    NodeOnBackend started = new NodeOnBackend(backend, node);
    try {
      node.awaitRegistered();
      return started;
    } catch (InterruptedException | AssertionError e) {
      started.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      node.close();
    } finally {
      backend.close();
    }
  }
}
