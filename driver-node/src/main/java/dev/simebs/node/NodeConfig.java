package dev.simebs.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a node plugin needs to start.
 *
 * @param nodeId this node's ID, as the backend and the controller know it
 * @param zone this node's availability zone
 * @param maxVolumesPerNode how many volumes may attach here (also registered with the backend)
 * @param kubeletDir when set, every path in a request must lie inside it
 * @param backendDataDir when set, backing files must lie in its {@code volumes/} directory, and
 *     start-up reconciliation only touches loop devices over files there
 * @param stateDir where the node keeps what it owns itself (ephemeral volumes' staging mounts)
 * @param toolTimeout how long a tool that only reads (blkid) may run; tools that write a file
 *     system (mkfs, e2fsck, resize2fs ...) always run to their end
 */
public record NodeConfig(
    String nodeId,
    String zone,
    int maxVolumesPerNode,
    Optional<Path> kubeletDir,
    Optional<Path> backendDataDir,
    Path stateDir,
    Duration toolTimeout) {

  public static final int DEFAULT_MAX_VOLUMES = 25;
  public static final String DEFAULT_ZONE = "sim-a";
  public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofMinutes(2);

  public NodeConfig {
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("node ID is required");
    }
    if (zone == null || zone.isBlank()) {
      throw new IllegalArgumentException("zone is required");
    }
    if (maxVolumesPerNode <= 0) {
      throw new IllegalArgumentException("max volumes per node must be positive");
    }
    kubeletDir = kubeletDir.map(dir -> dir.toAbsolutePath().normalize());
    backendDataDir = backendDataDir.map(dir -> dir.toAbsolutePath().normalize());
    stateDir = stateDir.toAbsolutePath().normalize();
  }

  /**
   * A node with the defaults: 25 volumes, no kubelet directory restriction, no backend data
   * directory, ephemeral state under {@code stateDir}.
   */
  public static NodeConfig of(String nodeId, String zone, Path stateDir) {
    return new NodeConfig(
        nodeId,
        zone,
        DEFAULT_MAX_VOLUMES,
        Optional.empty(),
        Optional.empty(),
        stateDir,
        DEFAULT_TOOL_TIMEOUT);
  }

  public NodeConfig withKubeletDir(Path dir) {
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, Optional.of(dir), backendDataDir, stateDir, toolTimeout);
  }

  public NodeConfig withBackendDataDir(Path dir) {
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, kubeletDir, Optional.of(dir), stateDir, toolTimeout);
  }

  public NodeConfig withMaxVolumesPerNode(int max) {
    return new NodeConfig(nodeId, zone, max, kubeletDir, backendDataDir, stateDir, toolTimeout);
  }

  /** Where ephemeral inline volumes are staged privately. */
  public Path ephemeralDir() {
    return stateDir.resolve("ephemeral");
  }
}
