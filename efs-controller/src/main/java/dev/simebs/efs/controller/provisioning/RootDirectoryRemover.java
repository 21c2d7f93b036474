package dev.simebs.efs.controller.provisioning;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.common.files.ConfinedRemoval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delete-root-dir option: when a dynamically provisioned volume is deleted, its access
 * point's root directory goes too, as the upstream driver does by mounting the file system.
 * Here the backend's shared data directory plays the mount. Only what this driver made is ever
 * removed: an access point tagged with a volume name whose root lies strictly below its recorded
 * base path; "/" never.
 */
public final class RootDirectoryRemover {

  private static final Logger log = LoggerFactory.getLogger(RootDirectoryRemover.class);

  private final Path fileSystemsDir;

  /** @param backendDataDir the backend's data directory, whose {@code filesystems/} it edits */
  public RootDirectoryRemover(Path backendDataDir) {
    this.fileSystemsDir = backendDataDir.toAbsolutePath().normalize().resolve("filesystems");
  }

  /** Removes the access point's root directory when it is this driver's to remove. */
  public void removeRootOf(AccessPoint ap) {
    List<String> root = components(ap.getRootDirectory().getPath());
    Optional<String> base = AccessPointTags.valueOf(ap.getTagsList(), AccessPointTags.BASE_PATH);
    boolean ours = AccessPointTags.valueOf(ap.getTagsList(), AccessPointTags.VOLUME_NAME).isPresent()
        && base.isPresent();
    if (!ours || root.isEmpty() || !strictlyBelow(root, components(base.get()))) {
      log.info("keeping the root directory {} of {}: not a directory this driver made below its"
          + " base path", ap.getRootDirectory().getPath(), ap.getAccessPointId());
      return;
    }
    try {
      List<String> path = new ArrayList<>();
      path.add(ap.getFileSystemId());
      path.addAll(root);
      if (ConfinedRemoval.remove(fileSystemsDir, path)) {
        log.info("removed the root directory {} of {}", ap.getRootDirectory().getPath(),
            ap.getAccessPointId());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the root directory %s of %s"
          .formatted(ap.getRootDirectory().getPath(), ap.getAccessPointId()), e);
    }
  }

  private static boolean strictlyBelow(List<String> path, List<String> base) {
    return path.size() > base.size() && path.subList(0, base.size()).equals(base);
  }

  private static List<String> components(String path) {
    return Arrays.stream(path.split("/")).filter(name -> !name.isEmpty()).toList();
  }
}
