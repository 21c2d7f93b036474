package dev.simebs.node;

import dev.simebs.node.ephemeral.InlineVolumeLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a node plugin needs to start.
 *
 * @param nodeId this node's ID, as the backend and the controller know it
 * @param zone this node's availability zone: configured, or read from its Kubernetes Node; empty
 *     when neither says, and then the node reports no topology rather than a made-up one
 * @param maxVolumesPerNode how many volumes may attach here (also registered with the backend)
 * @param kubeletDir when set, every path in a request must lie inside it
 * @param backendDataDir when set, backing files must lie in its {@code volumes/} directory, and
 *     start-up reconciliation only touches loop devices over files there
 * @param stateDir where the node keeps what it owns itself (ephemeral volumes' staging mounts)
 * @param toolTimeout how long an external tool (mkfs, resize2fs ...) may run
 * @param inlineLimits the largest size and the types pod authors may ask of inline volumes
 */
public record NodeConfig(
    String nodeId,
    Optional<String> zone,
    int maxVolumesPerNode,
    Optional<Path> kubeletDir,
    Optional<Path> backendDataDir,
    Path stateDir,
    Duration toolTimeout,
    InlineVolumeLimits inlineLimits) {

  public static final int DEFAULT_MAX_VOLUMES = 25;
  public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofMinutes(2);

  public NodeConfig {
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("node ID is required");
    }
    zone = zone.filter(z -> !z.isBlank());
    if (maxVolumesPerNode <= 0) {
      throw new IllegalArgumentException("max volumes per node must be positive");
    }
    kubeletDir = kubeletDir.map(dir -> dir.toAbsolutePath().normalize());
    backendDataDir = backendDataDir.map(dir -> dir.toAbsolutePath().normalize());
    stateDir = stateDir.toAbsolutePath().normalize();
  }

  /**
   * A node in {@code zone} with the defaults: 25 volumes, no kubelet directory restriction, no
   * backend data directory, ephemeral state under {@code stateDir}, default inline limits.
   */
  public static NodeConfig of(String nodeId, String zone, Path stateDir) {
    return new NodeConfig(
        nodeId,
        Optional.of(zone),
        DEFAULT_MAX_VOLUMES,
        Optional.empty(),
        Optional.empty(),
        stateDir,
        DEFAULT_TOOL_TIMEOUT,
        InlineVolumeLimits.DEFAULT);
  }

  public NodeConfig withKubeletDir(Path dir) {
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, Optional.of(dir), backendDataDir, stateDir, toolTimeout,
        inlineLimits);
  }

  public NodeConfig withBackendDataDir(Path dir) {
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, kubeletDir, Optional.of(dir), stateDir, toolTimeout,
        inlineLimits);
  }

  public NodeConfig withMaxVolumesPerNode(int max) {
    return new NodeConfig(
        nodeId, zone, max, kubeletDir, backendDataDir, stateDir, toolTimeout, inlineLimits);
  }

  public NodeConfig withZone(Optional<String> newZone) {
    return new NodeConfig(
        nodeId, newZone, maxVolumesPerNode, kubeletDir, backendDataDir, stateDir, toolTimeout,
        inlineLimits);
  }

  public NodeConfig withInlineLimits(InlineVolumeLimits limits) {
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, kubeletDir, backendDataDir, stateDir, toolTimeout,
        limits);
  }

  /** Where ephemeral inline volumes are staged privately. */
  public Path ephemeralDir() {
    return stateDir.resolve("ephemeral");
  }
}
