package dev.simebs.backend.filesystems;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags of a serving backend (standalone or embedded) that shape its file systems. */
public final class FileSystemOptions {

  @Option(
      names = "--access-point-limit",
      description = "Access points one file system may have. Default: ${DEFAULT-VALUE}",
      defaultValue = "" + FileSystemSettings.DEFAULT_ACCESS_POINT_LIMIT)
  int accessPointLimit;

  @Option(
      names = "--file-system-size-refresh",
      description = "How old a file system's metered size may get before it is measured again,"
          + " e.g. PT30S. Default: ${DEFAULT-VALUE}",
      defaultValue = "PT30S")
  Duration sizeRefresh;

  @Option(
      names = "--default-file-system",
      arity = "0..1",
      paramLabel = "CREATION_TOKEN",
      fallbackValue = FileSystemSettings.DEFAULT_CREATION_TOKEN,
      description = "Create a file system with this creation token at start unless it exists"
          + " (without a value: " + FileSystemSettings.DEFAULT_CREATION_TOKEN + ").")
  String defaultFileSystem;

  public FileSystemSettings settings() {
    FileSystemSettings settings = FileSystemSettings.defaults()
        .withAccessPointLimit(accessPointLimit)
        .withSizeRefresh(sizeRefresh);
    return defaultFileSystem == null ? settings : settings.withDefaultFileSystem(defaultFileSystem);
  }
}
