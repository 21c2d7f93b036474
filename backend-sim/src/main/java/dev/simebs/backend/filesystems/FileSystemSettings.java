package dev.simebs.backend.filesystems;

import java.time.Duration;
import java.util.Optional;

/**
 * How the backend's file systems behave.
 *
 * @param accessPointLimit access points one file system may have (EFS's quota is 1000)
 * @param sizeRefresh how old a file system's metered size may be before it is measured again
 *     (EFS refreshes it lazily too); zero measures on every describe
 * @param defaultFileSystem a creation token: when present, a file system with this token is
 *     created at start unless it exists, so a StorageClass can name it at once
 */
public record FileSystemSettings(
    int accessPointLimit, Duration sizeRefresh, Optional<String> defaultFileSystem) {

  public static final int DEFAULT_ACCESS_POINT_LIMIT = 1000;
  public static final Duration DEFAULT_SIZE_REFRESH = Duration.ofSeconds(30);
  /** The creation token of the default file system when one is asked for without a name. */
  public static final String DEFAULT_CREATION_TOKEN = "simefs-default";

  public FileSystemSettings {
    if (accessPointLimit < 1) {
      throw new IllegalArgumentException(
          "access point limit must be positive: " + accessPointLimit);
    }
    if (sizeRefresh.isNegative()) {
      throw new IllegalArgumentException("size refresh must not be negative: " + sizeRefresh);
    }
  }

  public static FileSystemSettings defaults() {
    return new FileSystemSettings(DEFAULT_ACCESS_POINT_LIMIT, DEFAULT_SIZE_REFRESH,
        Optional.empty());
  }

  public FileSystemSettings withAccessPointLimit(int limit) {
    return new FileSystemSettings(limit, sizeRefresh, defaultFileSystem);
  }

  public FileSystemSettings withSizeRefresh(Duration refresh) {
    return new FileSystemSettings(accessPointLimit, refresh, defaultFileSystem);
  }

  public FileSystemSettings withDefaultFileSystem(String creationToken) {
    return new FileSystemSettings(accessPointLimit, sizeRefresh, Optional.of(creationToken));
  }
}
