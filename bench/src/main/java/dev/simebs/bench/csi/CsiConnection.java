package dev.simebs.bench.csi;

import csi.v1.ControllerGrpc;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one driver under test: Identity and Node on {@code --endpoint}, Controller
 * on {@code --controller-endpoint} when the driver splits them. Every call carries a deadline.
 */
public final class CsiConnection implements AutoCloseable {

  private final ManagedChannel node;
  private final ManagedChannel controller;
  private final Duration timeout;

  public CsiConnection(Endpoint endpoint, Endpoint controllerEndpoint, Duration timeout) {
    this.node = Channels.open(endpoint);
    this.controller =
        controllerEndpoint == null || controllerEndpoint.equals(endpoint)
            ? node
            : Channels.open(controllerEndpoint);
    this.timeout = timeout;
  }

  public IdentityGrpc.IdentityBlockingStub identity() {
    return IdentityGrpc.newBlockingStub(node).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Identity with a short deadline, for polling until the driver answers. */
  public IdentityGrpc.IdentityBlockingStub identity(Duration deadline) {
    return IdentityGrpc.newBlockingStub(node).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public ControllerGrpc.ControllerBlockingStub controller() {
    return ControllerGrpc.newBlockingStub(controller)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public NodeGrpc.NodeBlockingStub node() {
    return NodeGrpc.newBlockingStub(node).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the next call try to connect at once instead of after gRPC's reconnect backoff. */
  public void retryConnectingNow() {
    node.resetConnectBackoff();
  }

  @Override
  public void close() throws InterruptedException {
    controller.shutdown();
    node.shutdown();
    controller.awaitTermination(5, TimeUnit.SECONDS);
    node.awaitTermination(5, TimeUnit.SECONDS);
  }
}
