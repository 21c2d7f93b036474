package dev.simebs.efs.controller;

import dev.simebs.common.backend.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the EFS controller needs beside its backend.
 *
 * @param deleteAccessPointRootDir remove an access point's root directory with its volume (off by
 *     default, as upstream); needs {@code backendDataDir}
 * @param backendDataDir the backend's data directory as seen here, for delete-root-dir
 * @param backendCallTimeout the longest a single backend call may take
 * @param operationTimeout the longest a CSI call waits for an access point to become available
 */
public record EfsControllerConfig(
    boolean deleteAccessPointRootDir,
    Optional<Path> backendDataDir,
    Duration backendCallTimeout,
    Duration operationTimeout,
    Duration pollInterval,
    Duration maxPollInterval,
    RetryPolicy retry) {

  public EfsControllerConfig {
    if (deleteAccessPointRootDir && backendDataDir.isEmpty()) {
      throw new IllegalArgumentException(
          "--delete-access-point-root-dir needs --backend-data-dir: the directories live there");
    }
    backendDataDir = backendDataDir.map(dir -> dir.toAbsolutePath().normalize());
  }

  public static EfsControllerConfig defaults() {
    return new EfsControllerConfig(false, Optional.empty(), Duration.ofSeconds(10),
        Duration.ofMinutes(2), Duration.ofMillis(20), Duration.ofSeconds(1),
        RetryPolicy.defaults());
  }

  public EfsControllerConfig withDeleteAccessPointRootDir(Path backendDataDir) {
    return new EfsControllerConfig(true, Optional.of(backendDataDir), backendCallTimeout,
        operationTimeout, pollInterval, maxPollInterval, retry);
  }
}
