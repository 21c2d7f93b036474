package dev.simebs.common.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Times every gRPC call a server answers, as {@code simebs_csi_operations_seconds{driver, method,
 * grpc_status_code}}: the shape of the CSI sidecars' {@code csi_sidecar_operations_seconds}, seen
 * from the driver's side of the socket. One histogram per registry; each server gets its own
 * interceptor from {@link #of}, so the block and file drivers of one process (which answer the
 * same CSI methods) stay apart.
 */
public final class CallMetrics {

  public static final String NAME = "simebs_csi_operations_seconds";
  /** The {@code driver} of the backend's own API server. */
  public static final String BACKEND = "backend-sim";

  private final Histogram seconds;

  public CallMetrics(PrometheusRegistry registry) {
    this.seconds =
        Histogram.builder()
            .name(NAME)
            .help("Time the driver took to answer a gRPC call, by driver, full method name and gRPC status code.")
            .labelNames("driver", "method", "grpc_status_code")
            .classicOnly()
            .classicUpperBounds(LatencyBuckets.SECONDS)
            .register(registry);
  }

  /** The interceptor that times the calls of one server, labelled {@code driver}. */
  public ServerInterceptor of(String driver) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long startNanos = System.nanoTime();
        // With the leading slash, as the sidecars label their own series.
        String method = "/" + call.getMethodDescriptor().getFullMethodName();
        ServerCall<Q, R> timed =
            new SimpleForwardingServerCall<>(call) {
              @Override
              public void close(Status status, Metadata trailers) {
                seconds
                    .labelValues(driver, method, status.getCode().name())
                    .observe((System.nanoTime() - startNanos) / 1e9);
                super.close(status, trailers);
              }
            };
        return next.startCall(timed, headers);
      }
    };
  }
}
