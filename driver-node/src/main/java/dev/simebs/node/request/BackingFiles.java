package dev.simebs.node.request;

import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.RequestFields;
import dev.simebs.node.failure.NodeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The gate for the backing file named in publish_context. Its form is checked with the rest of the
 * request ({@link #checkForm}: absolute and normal, named exactly {@code <volume_id>.img}, directly
 * inside the backend's volumes directory when the node knows where that is); whether it exists, as
 * a regular file and not a link, is a lookup made when the volume is staged ({@link #locate}).
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

  /** The backing file of {@code volumeId} that publish_context names, checked for form. */
  public Path checkForm(String volumeId, Map<String, String> publishContext) {
    String value = publishContext.get(VolumeContextKeys.BACKING_FILE);
    RequestFields.require(value != null && !value.isEmpty(), FIELD);
    return checkForm(volumeId, value);
  }

  /** The backing file of {@code volumeId} at {@code value}, checked for form. */
  public Path checkForm(String volumeId, String value) {
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
    return path;
  }

  /**
   * The real path of the backing file at {@code path} (checked for form).
   *
   * @throws NodeFailure.WrongState when there is no such file: this node does not see the
   *     backend's volume store
   * @throws NodeFailure.UnusablePath when it is a link or not a regular file
   */
  public Path locate(String volumeId, Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      // The controller attached it, so the backend has it: this node does not see the backend's
      // volume store. A node problem, not a missing volume (NOT_FOUND would tell kubelet so).
      throw new NodeFailure.WrongState(
          "backing file " + path + " of volume " + volumeId + " is not visible on this node: the"
              + " node's volume store (--backend-data-dir) must be the backend's data directory,"
              + " shared by every node at the same path");
    }
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new NodeFailure.UnusablePath(
          FIELD,
          path.toString(),
          NodeFailure.UnusablePath.Problem.WRONG_KIND,
          "must be a regular file, not a link or anything else");
    }
    return path.toRealPath();
  }

  private static RuntimeException invalid(String why, String value) {
    return new InvalidRequest(
        "%s %s: %s", FIELD, why, RequestFields.printable(value));
  }
}
