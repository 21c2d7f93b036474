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

  /** The xfs image the backend makes where the host cannot reflink (see VolumeStore). */
  public Path storeImage() {
    return root.resolve("store.img");
  }

  /** Where that image is mounted; {@code volumes/} and {@code snapshots/} are binds of its dirs. */
  public Path storeMount() {
    return root.resolve("store");
  }

  public Path volumeFile(String volumeId) {
    return volumes().resolve(checked(ResourceIds.VOLUME, volumeId) + IMAGE_SUFFIX);
  }

  public Path snapshotFile(String snapshotId) {
    return snapshots().resolve(checked(ResourceIds.SNAPSHOT, snapshotId) + IMAGE_SUFFIX);
  }

  /** The image file of a volume or snapshot ID, by its prefix. */
  public Path imageFile(String id) {
    return ResourceIds.SNAPSHOT.isValid(id) ? snapshotFile(id) : volumeFile(id);
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
