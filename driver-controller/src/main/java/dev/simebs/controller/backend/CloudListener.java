package dev.simebs.controller.backend;

/**
 * Hears every backend call the controller makes, after it completed and before its caller sees
 * the result. Metrics and Kubernetes events are listeners; a listener must be quick and must not
 * throw (one that does is logged and skipped).
 */
@FunctionalInterface
public interface CloudListener {

  void heard(CloudExchange exchange);
}
