package dev.simebs.controller.backend;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.common.backend.BackendFailure;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the controller's backend calls are watched: a client interceptor on the
 * backend stub that hands each completed call to the {@link CloudListener}s. No handler knows
 * about metrics or events; whatever reaches the cloud is heard here, retries included.
 */
public final class ObservedBackend implements ClientInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ObservedBackend.class);

  private final List<CloudListener> listeners;

  private ObservedBackend(List<CloudListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** {@code stub}, with every call it makes heard by {@code listeners}. */
  public static BackendBlockingStub observe(BackendBlockingStub stub, List<CloudListener> listeners) {
    return listeners.isEmpty() ? stub : stub.withInterceptors(new ObservedBackend(listeners));
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    String request = method.getBareMethodName();
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      private final long startNanos = System.nanoTime();
      private Message sent;
      private Message answer;

      @Override
      public void start(Listener<R> responseListener, Metadata headers) {
        super.start(
            new SimpleForwardingClientCallListener<>(responseListener) {
              @Override
              public void onMessage(R message) {
                answer = (Message) message;
                super.onMessage(message);
              }

              @Override
              public void onClose(Status status, Metadata trailers) {
                Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                Optional<BackendFailure> failure =
                    status.isOk()
                        ? Optional.empty()
                        : Optional.of(BackendFailure.of(request, status.asRuntimeException(trailers)));
                tell(new CloudExchange(request, sent == null ? Empty.getDefaultInstance() : sent, failure.isEmpty() ? Optional.ofNullable(answer) : Optional.empty(), failure, took));
                super.onClose(status, trailers);
              }
            },
            headers);
      }

      @Override
      public void sendMessage(Q message) {
        sent = (Message) message;
        super.sendMessage(message);
      }
    };
  }

  private void tell(CloudExchange exchange) {
    for (CloudListener listener : listeners) {
      try {
        listener.heard(exchange);
      } catch (RuntimeException e) {
        log.warn("a cloud listener failed on {}: {}", exchange.request(), e.toString());
      }
    }
  }
}
