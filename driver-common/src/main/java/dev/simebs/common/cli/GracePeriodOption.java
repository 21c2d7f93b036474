package dev.simebs.common.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --grace-period}: how long a stopping server lets in-flight calls run. */
public final class GracePeriodOption {

  @Option(
      names = "--grace-period",
      description = "How long in-flight calls may run after SIGTERM. Default: ${DEFAULT-VALUE}",
      defaultValue = "PT10S")
  Duration gracePeriod;

  public Duration gracePeriod() {
    return gracePeriod;
  }
}
