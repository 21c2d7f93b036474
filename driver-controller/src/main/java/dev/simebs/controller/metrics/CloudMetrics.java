package dev.simebs.controller.metrics;

import dev.simebs.backend.api.ErrorReason;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.metrics.LatencyBuckets;
import dev.simebs.controller.backend.CloudExchange;
import dev.simebs.controller.backend.CloudListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The controller's view of the cloud API as Prometheus series, in the shape of the EBS driver's
 * {@code aws_ebs_csi_api_*}: latency of answered requests, errors by reason, throttles, and the
 * seconds spent waiting for detaches ({@link DetachWaits}).
 */
public final class CloudMetrics implements CloudListener {

  private final Histogram duration;
  private final Counter errors;
  private final Counter throttles;
  private final DetachWaits detachWaits;

  public CloudMetrics(PrometheusRegistry registry, LongSupplier nanoTime) {
    this.duration =
        Histogram.builder()
            .name("simebs_api_request_duration_seconds")
            .help("Latency of backend (cloud API) requests that were answered, by request.")
            .labelNames("request")
            .classicOnly()
            .classicUpperBounds(LatencyBuckets.seconds())
            .register(registry);
    this.errors =
        Counter.builder()
            .name("simebs_api_request_errors_total")
            .help("Backend requests that failed, by request and error code (throttles are counted apart).")
            .labelNames("request", "error")
            .register(registry);
    this.throttles =
        Counter.builder()
            .name("simebs_api_request_throttles_total")
            .help("Backend requests refused with RequestLimitExceeded, by request.")
            .labelNames("request")
            .register(registry);
    Counter pending =
        Counter.builder()
            .name("simebs_detach_pending_seconds")
            .help("Seconds the controller has waited for volumes to detach from nodes, by the attachment state last seen.")
            .labelNames("volume_id", "node_id", "attachment_state")
            .register(registry);
    this.detachWaits = new DetachWaits(pending, nanoTime);
  }

  @Override
  public void heard(CloudExchange exchange) {
    exchange.failure().ifPresentOrElse(
        failure -> countFailure(exchange.request(), failure),
        () -> duration.labelValues(exchange.request()).observe(exchange.took().toNanos() / 1e9));
    detachWaits.heard(exchange);
  }

  private void countFailure(String request, BackendFailure failure) {
    if (failure.is(ErrorReason.REQUEST_LIMIT_EXCEEDED)) {
      throttles.labelValues(request).inc();
    } else {
      errors.labelValues(request, ErrorCodes.of(failure)).inc();
    }
  }
}
