package dev.simebs.controller;

import dev.simebs.controller.backend.CloudListener;
import dev.simebs.controller.events.CloudTrouble;
import dev.simebs.controller.events.EventSink;
import dev.simebs.controller.metrics.CloudMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Where the controller reports what it sees of the cloud: Prometheus series in {@code metrics},
 * Kubernetes events (or none) through {@code events}.
 *
 * @param stuckAttachingAfter how long an attachment may stay attaching before it is reported stuck
 */
public record ControllerTelemetry(PrometheusRegistry metrics, EventSink events, Duration stuckAttachingAfter) {

  public ControllerTelemetry(PrometheusRegistry metrics, EventSink events) {
    this(metrics, events, CloudTrouble.DEFAULT_STUCK_AFTER);
  }

  /** A private registry nobody scrapes, and no events. */
  public static ControllerTelemetry none() {
    return new ControllerTelemetry(new PrometheusRegistry(), EventSink.none());
  }

  /** The listeners that hear every backend call. */
  List<CloudListener> listeners() {
    return List.of(
        new CloudMetrics(metrics, System::nanoTime),
        new CloudTrouble(events, Clock.systemUTC(), stuckAttachingAfter));
  }
}
