package dev.simebs.node;

import dev.simebs.node.request.InlineVolumeLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a node plugin needs to start.
 *
 * @param nodeId this node's ID, as the backend and the controller know it
 * @param zone this node's availability zone: configured, or read from its Kubernetes Node; empty
 *     when neither says, and then the node reports no topology rather than a made-up one
 * @param maxVolumesPerNode how many volumes may attach here (also registered with the backend)
 * @param allowedRoots every path in a request must lie inside one of these (the kubelet
 *     directory in a cluster); none may be {@code /} or a system directory
 * @param backendDataDir when set, backing files must lie in its {@code volumes/} directory, and
 *     start-up reconciliation only touches loop devices over files there
 * @param stateDir where the node keeps what it owns itself (ephemeral volumes' staging mounts)
 * @param protectedDirectories more directories no request path may lie in or above (besides the
 *     backend data and state directories), e.g. the all-in-one data directory
 * @param toolTimeout how long a tool that only reads (blkid) may run; tools that write a file
 *     system (mkfs, e2fsck, resize2fs ...) always run to their end
 * @param inlineLimits the largest size and the types pod authors may ask of inline volumes
 */
public record NodeConfig(
    String nodeId,
    Optional<String> zone,
    int maxVolumesPerNode,
    List<Path> allowedRoots,
    Optional<Path> backendDataDir,
    Path stateDir,
    List<Path> protectedDirectories,
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
    if (allowedRoots.isEmpty()) {
      throw new IllegalArgumentException("at least one allowed root for request paths is needed");
    }
    allowedRoots = allowedRoots.stream().map(NodeConfig::absolute).toList();
    backendDataDir = backendDataDir.map(NodeConfig::absolute);
    stateDir = absolute(stateDir);
    protectedDirectories = protectedDirectories.stream().map(NodeConfig::absolute).toList();
  }

  /**
   * The all-in-one default roots for request paths: the system's temporary directories ({@code
   * /tmp}, and {@code $TMPDIR} when set), where csi-sanity and test clients make their staging and
   * target directories. The data directory is refused inside them all the same.
   */
  public static List<Path> temporaryRoots() {
    Set<Path> roots = new LinkedHashSet<>();
    roots.add(Path.of("/tmp"));
    String tmpdir = System.getenv("TMPDIR");
    if (tmpdir != null && !tmpdir.isBlank() && Path.of(tmpdir).isAbsolute()) {
      roots.add(Path.of(tmpdir).normalize());
    }
    return List.copyOf(roots);
  }

  /**
   * A node in {@code zone} with the defaults: 25 volumes, request paths under the temporary
   * directories, no backend data directory, ephemeral state under {@code stateDir}, default
   * inline volume limits.
   */
  public static NodeConfig of(String nodeId, String zone, Path stateDir) {
    return new NodeConfig(
        nodeId,
        Optional.of(zone),
        DEFAULT_MAX_VOLUMES,
        temporaryRoots(),
        Optional.empty(),
        stateDir,
        List.of(),
        DEFAULT_TOOL_TIMEOUT,
        InlineVolumeLimits.DEFAULT);
  }

  public NodeConfig withAllowedRoots(List<Path> roots) {
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, roots, backendDataDir, stateDir, protectedDirectories,
        toolTimeout, inlineLimits);
  }

  public NodeConfig withBackendDataDir(Path dir) {
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, allowedRoots, Optional.of(dir), stateDir,
        protectedDirectories, toolTimeout, inlineLimits);
  }

  public NodeConfig withProtectedDirectory(Path dir) {
    List<Path> more = new ArrayList<>(protectedDirectories);
    more.add(dir);
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, allowedRoots, backendDataDir, stateDir, more,
        toolTimeout, inlineLimits);
  }

  public NodeConfig withMaxVolumesPerNode(int max) {
    return new NodeConfig(
        nodeId, zone, max, allowedRoots, backendDataDir, stateDir, protectedDirectories,
        toolTimeout, inlineLimits);
  }

  public NodeConfig withZone(Optional<String> newZone) {
    return new NodeConfig(
        nodeId, newZone, maxVolumesPerNode, allowedRoots, backendDataDir, stateDir,
        protectedDirectories, toolTimeout, inlineLimits);
  }

  public NodeConfig withInlineLimits(InlineVolumeLimits limits) {
    return new NodeConfig(
        nodeId, zone, maxVolumesPerNode, allowedRoots, backendDataDir, stateDir,
        protectedDirectories, toolTimeout, limits);
  }

  /** Where ephemeral inline volumes are staged privately. */
  public Path ephemeralDir() {
    return stateDir.resolve("ephemeral");
  }

  /** The directories no request path may lie in or above. */
  public List<Path> ownDirectories() {
    List<Path> own = new ArrayList<>(protectedDirectories);
    backendDataDir.ifPresent(own::add);
    own.add(stateDir);
    return own;
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }
}
