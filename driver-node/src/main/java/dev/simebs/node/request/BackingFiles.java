package dev.simebs.node.request;

import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The gate for the backing file named in publish_context: absolute and normal, a regular file (not
 * a link) named exactly {@code <volume_id>.img}, and directly inside the backend's volumes
 * directory when the node knows where that is.
 */
public final class BackingFiles {

  private static final String FIELD = "publish_context " + VolumeContextKeys.BACKING_FILE;

  private final Optional<Path> volumesDir;

  /**
   * @param backendDataDir the backend's data directory, whose {@code volumes/} holds the files
   */
  public BackingFiles(Optional<Path> backendDataDir) {
    this.volumesDir =
        backendDataDir.map(dir -> dir.toAbsolutePath().normalize().resolve("volumes"));
  }

  /** The checked backing file of {@code volumeId}, as a real path. */
  public Path check(String volumeId, Map<String, String> publishContext) {
    String value = publishContext.get(VolumeContextKeys.BACKING_FILE);
    if (value == null || value.isEmpty()) {
      throw Rpc.fail(Status.Code.INVALID_ARGUMENT, "%s is required", FIELD);
    }
    return check(volumeId, value);
  }

  /** The checked backing file of {@code volumeId} at {@code value}, as a real path. */
  public Path check(String volumeId, String value) {
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid("is not a path", value);
    }
    if (!path.isAbsolute() || !path.normalize().toString().equals(value)) {
      throw invalid("must be an absolute, normalised path", value);
    }
    if (!String.valueOf(path.getFileName()).equals(volumeId + ".img")) {
      throw invalid("must be named " + volumeId + ".img", value);
    }
    if (volumesDir.isPresent() && !volumesDir.get().equals(path.getParent())) {
      throw invalid("must be inside " + volumesDir.get(), value);
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      // The controller attached it, so the backend has it: this node does not see the backend's
      // volume store. A node problem, not a missing volume (NOT_FOUND would tell kubelet so).
      throw Rpc.fail(
          Status.Code.FAILED_PRECONDITION,
          "backing file %s of volume %s is not visible on this node: the node's volume store"
              + " (--backend-data-dir) must be the backend's data directory, shared by every"
              + " node at the same path",
          value,
          volumeId);
    }
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw invalid("must be a regular file", value);
    }
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RuntimeException invalid(String why, String value) {
    return Rpc.fail(
        Status.Code.INVALID_ARGUMENT, "%s %s: %s", FIELD, why, Requests.printable(value));
  }
}
