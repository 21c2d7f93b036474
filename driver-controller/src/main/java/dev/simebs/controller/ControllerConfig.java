package dev.simebs.controller;

import dev.simebs.common.backend.RetryPolicy;
import dev.simebs.common.identity.AdvertisedSpec;
import java.time.Duration;

/**
 * How the controller runs: the timing of its backend use, and which CSI spec version's
 * capabilities it advertises.
 *
 * @param backendCallTimeout the longest a single backend call may take (less when the CSI
 *     caller's deadline is nearer)
 * @param operationTimeout the longest a CSI call waits for the backend to settle (a volume to
 *     become available, an attachment to attach) when its caller set no nearer deadline
 * @param pollInterval the first pause between two looks at a settling object; it doubles up to
 *     {@code maxPollInterval}
 * @param retry how throttled and unavailable backend calls are retried
 * @param advertised the newest spec version whose capabilities are advertised
 */
public record ControllerConfig(
    Duration backendCallTimeout,
    Duration operationTimeout,
    Duration pollInterval,
    Duration maxPollInterval,
    RetryPolicy retry,
    AdvertisedSpec advertised) {

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
        RetryPolicy.defaults(),
        AdvertisedSpec.DEFAULT);
  }

  /** The same timings, advertising the capabilities of {@code spec}. */
  public ControllerConfig advertising(AdvertisedSpec spec) {
    return new ControllerConfig(backendCallTimeout, operationTimeout, pollInterval, maxPollInterval, retry, spec);
  }
}
