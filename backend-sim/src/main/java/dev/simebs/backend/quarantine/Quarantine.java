package dev.simebs.backend.quarantine;

import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.QuarantinedFile;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.files.CopyProgress;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.files.NativeFiles;
import dev.simebs.backend.model.Timestamps;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The quarantine directory: where reconciliation puts what it found in the image directories and
 * cannot account for. Nothing here is deleted except by an explicit purge. Entries keep their
 * name under a directory named for where they were found ({@code volumes/}, {@code snapshots/});
 * a name taken already gets a {@code .N} suffix, so nothing is ever overwritten. The directory is
 * on the same file system as the images, so moves are renames; where it is not, an image is
 * copied extent by extent, never expanded.
 */
public final class Quarantine {

  private static final Pattern NAME =
      Pattern.compile("(?:(?:volumes|snapshots)/)?[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  private static final List<String> ORIGINS = List.of("volumes", "snapshots");
  private static final Pattern IMAGE = Pattern.compile("((?:vol|snap)-[0-9a-f]{17})\\.img(\\.\\d+)?");
  private static final CopyProgress UNOBSERVED = new CopyProgress() {
    @Override
    public void copied(long done, long total) {}

    @Override
    public boolean cancelled() {
      return false;
    }
  };

  private final Path root;
  private final ImageFiles files;
  private final NativeFiles nativeFiles;

  public Quarantine(Path root, ImageFiles files, NativeFiles nativeFiles) {
    this.root = root.toAbsolutePath().normalize();
    this.files = files;
    this.nativeFiles = nativeFiles;
  }

  public Path root() {
    return root;
  }

  /**
   * Moves {@code entry}, found in the image directory {@code origin} ("volumes", "snapshots"),
   * into quarantine; returns its name there.
   */
  public String take(Path entry, String origin) throws IOException {
    Path dir = root.resolve(origin);
    Files.createDirectories(dir);
    String base = entry.getFileName().toString();
    Path target = dir.resolve(base);
    for (int n = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
      target = dir.resolve(base + "." + n);
    }
    move(entry, target);
    return name(target);
  }

  /**
   * Every quarantined file or directory, by name: what lies in {@code volumes/} and
   * {@code snapshots/}, and anything else at the top (put there by other parts of the backend or
   * by older versions).
   */
  public List<QuarantinedFile> list() throws IOException {
    List<QuarantinedFile> found = new ArrayList<>();
    for (Path entry : entries()) {
      found.add(entry(entry));
    }
    return found;
  }

  /** How many files or directories {@link #list()} would show, without reading each one. */
  public int count() throws IOException {
    return entries().size();
  }

  private List<Path> entries() throws IOException {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    for (Path top : sorted(root)) {
      boolean originDir = Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)
          && ORIGINS.contains(top.getFileName().toString());
      if (originDir) {
        found.addAll(sorted(top));
      } else {
        found.add(top);
      }
    }
    return found;
  }

  private QuarantinedFile entry(Path path) throws IOException {
    String name = name(path);
    boolean regular = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    return QuarantinedFile.newBuilder()
        .setName(name)
        .setSizeBytes(regular ? Files.size(path) : 0)
        .setAllocatedBytes(regular ? nativeFiles.allocatedBytes(path) : 0)
        .setModifiedTime(Timestamps.ofMillis(
            Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis()))
        .setResourceId(resourceId(name).orElse(""))
        .build();
  }

  private static List<Path> sorted(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    }
  }

  /** The quarantined regular file called {@code name}; anything else is refused by name. */
  public Path file(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "name: '%s' is not a quarantined file's name (see ListQuarantine)".formatted(name));
    }
    Path path = root.resolve(name);
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "name: no quarantined file '%s' (see ListQuarantine)".formatted(name));
    }
    return path;
  }

  /** The volume or snapshot ID a quarantined image's name carries. */
  public static Optional<String> resourceId(String name) {
    Matcher image = IMAGE.matcher(Path.of(name).getFileName().toString());
    return image.matches() ? Optional.of(image.group(1)) : Optional.empty();
  }

  /** Moves the quarantined file {@code name} to {@code target}, which must not exist. */
  public void release(String name, Path target) throws IOException {
    move(file(name), target);
  }

  /** Deletes a quarantined file for good. */
  public void purge(String name) throws IOException {
    Files.delete(file(name));
  }

  private String name(Path path) {
    return root.relativize(path).toString();
  }

  private void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
        throw e;
      }
      files.copy(from, to, 0, CopyMethod.EXTENTS, UNOBSERVED);
      Files.delete(from);
    }
  }
}
