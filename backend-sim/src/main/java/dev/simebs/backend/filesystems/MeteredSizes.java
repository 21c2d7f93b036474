package dev.simebs.backend.filesystems;

import dev.simebs.backend.files.DataDir;
import dev.simebs.common.files.MeteredSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metered size of each file system, measured by walking its tree and kept for a while, as
 * EFS too reports a size that trails the writes: describing many file systems must not walk
 * every tree every time.
 */
public final class MeteredSizes {

  /** A size and when it was measured (epoch millis). */
  public record Measured(long bytes, long measuredAtMillis) {}

  private final DataDir dataDir;
  private final Duration refresh;
  private final Clock clock;
  private final Map<String, Measured> cache = new ConcurrentHashMap<>();

  public MeteredSizes(DataDir dataDir, Duration refresh, Clock clock) {
    this.dataDir = dataDir;
    this.refresh = refresh;
    this.clock = clock;
  }

  public Measured of(String fileSystemId) {
    long now = clock.millis();
    Measured cached = cache.get(fileSystemId);
    if (cached != null && now - cached.measuredAtMillis() < refresh.toMillis()) {
      return cached;
    }
    Measured measured = new Measured(measure(dataDir.fileSystemRoot(fileSystemId)), now);
    cache.put(fileSystemId, measured);
    return measured;
  }

  public void forget(String fileSystemId) {
    cache.remove(fileSystemId);
  }

  private static long measure(Path root) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try {
      return MeteredSize.of(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + root, e);
    }
  }
}
