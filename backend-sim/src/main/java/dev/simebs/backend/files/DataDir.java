package dev.simebs.backend.files;

import dev.simebs.backend.api.ResourceIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a backend data directory. IDs become file names only here, and only after
 * {@link ResourceIds} has accepted them.
 */
public record DataDir(Path root) {

  public static final String IMAGE_SUFFIX = ".img";

  public DataDir {
    root = root.toAbsolutePath().normalize();
  }

  public Path volumes() {
    return root.resolve("volumes");
  }

  public Path snapshots() {
    return root.resolve("snapshots");
  }

  /** Where every file system's tree lives, one directory per file system. */
  public Path fileSystems() {
    return root.resolve("filesystems");
  }

  /** The root directory of a file system's tree. */
  public Path fileSystemRoot(String fileSystemId) {
    return fileSystems().resolve(checked(ResourceIds.FILE_SYSTEM, fileSystemId));
  }

  public Path quarantine() {
    return root.resolve("quarantine");
  }

  public Path database() {
    return root.resolve("backend.db");
  }

  public Path volumeFile(String volumeId) {
    return volumes().resolve(checked(ResourceIds.VOLUME, volumeId) + IMAGE_SUFFIX);
  }

  public Path snapshotFile(String snapshotId) {
    return snapshots().resolve(checked(ResourceIds.SNAPSHOT, snapshotId) + IMAGE_SUFFIX);
  }

  public void create() throws IOException {
    Files.createDirectories(volumes());
    Files.createDirectories(snapshots());
    Files.createDirectories(fileSystems());
  }

  private static String checked(ResourceIds kind, String id) {
    if (!kind.isValid(id)) {
      throw new IllegalArgumentException("not a " + kind.prefix() + " ID: " + id);
    }
    return id;
  }
}
