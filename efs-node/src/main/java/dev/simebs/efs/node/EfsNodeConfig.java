package dev.simebs.efs.node;

import java.nio.file.Path;
import java.util.List;

/**
 * What an EFS node plugin needs to start.
 *
 * @param nodeId this node's ID, for the record of its mounts
 * @param zone this node's zone: mounts go through the mount target of this zone
 * @param allowedRoots every target path must lie inside one of them (the kubelet directory in a
 *     cluster), and restart recovery only looks at mounts inside them
 * @param backendDataDir the backend's data directory as seen here; file systems are its
 *     {@code filesystems/<fs-id>} trees
 */
public record EfsNodeConfig(
    String nodeId, String zone, List<Path> allowedRoots, Path backendDataDir) {

  public EfsNodeConfig {
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("node ID is required");
    }
    if (zone == null || zone.isBlank()) {
      throw new IllegalArgumentException("zone is required");
    }
    if (allowedRoots.isEmpty()) {
      throw new IllegalArgumentException("at least one allowed root is needed");
    }
    allowedRoots = allowedRoots.stream().map(dir -> dir.toAbsolutePath().normalize()).toList();
    backendDataDir = backendDataDir.toAbsolutePath().normalize();
  }

  /** Where a file system's tree lives. */
  public Path fileSystemRoot(String fileSystemId) {
    return backendDataDir.resolve("filesystems").resolve(fileSystemId);
  }
}
