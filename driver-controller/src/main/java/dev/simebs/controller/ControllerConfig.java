package dev.simebs.controller;

import dev.simebs.common.backend.RetryPolicy;
import java.time.Duration;

/**
 * Timing of the controller's backend use.
 *
 * @param backendCallTimeout the longest a single backend call may take (less when the CSI
 *     caller's deadline is nearer)
 * @param operationTimeout the longest a CSI call waits for the backend to settle (a volume to
 *     become available, an attachment to attach) when its caller set no nearer deadline
 * @param pollInterval the first pause between two looks at a settling object; it doubles up to
 *     {@code maxPollInterval}
 * @param retry how throttled and unavailable backend calls are retried
 */
public record ControllerConfig(
    Duration backendCallTimeout,
    Duration operationTimeout,
    Duration pollInterval,
    Duration maxPollInterval,
    RetryPolicy retry) {

  public ControllerConfig {
    for (Duration d : new Duration[] {backendCallTimeout, operationTimeout, pollInterval, maxPollInterval}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("controller timings must be positive");
      }
    }
  }

  public static ControllerConfig defaults() {
    return new ControllerConfig(
        Duration.ofSeconds(10),
        Duration.ofMinutes(2),
        Duration.ofMillis(20),
        Duration.ofSeconds(1),
        RetryPolicy.defaults());
  }
}
