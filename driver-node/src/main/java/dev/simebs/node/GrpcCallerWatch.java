package dev.simebs.node;

import dev.simebs.common.sys.CallerWatch;
import io.grpc.Context;

/**
 * A gRPC call's caller goes when the call's context is cancelled: the client cancelled, its
 * deadline passed, or the server is shutting down.
 */
final class GrpcCallerWatch implements CallerWatch {

  @Override
  public Watching whenGone(Runnable onGone) {
    Context context = Context.current();
    Context.CancellationListener listener = cancelled -> onGone.run();
    context.addListener(listener, Runnable::run);
    return () -> context.removeListener(listener);
  }
}
