package dev.simebs.backend.filesystems;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings file-system trees and metadata back in line at start, before the backend serves:
 * <ul>
 *   <li>an empty directory named like a file system without a row is an unacknowledged create
 *       (the directory is made before the row is committed): it is removed;</li>
 *   <li>anything else without a row (a tree with data, a stray file) is moved to
 *       {@code quarantine/}, never deleted: it may be someone's data;</li>
 *   <li>a file system whose tree is missing gets an empty root again and is reported.</li>
 * </ul>
 */
public final class FileSystemReconciler {

  private static final Logger log = LoggerFactory.getLogger(FileSystemReconciler.class);

  /** What a run found and did. */
  public record Report(int orphansRemoved, int quarantined, int rootsRecreated) {}

  private final Database db;
  private final DataDir dataDir;

  public FileSystemReconciler(Database db, DataDir dataDir) {
    this.db = db;
    this.dataDir = dataDir;
  }

  public Report run() throws IOException {
    Set<String> known = new HashSet<>(db.read(FileSystemRows::allIds));
    int orphans = 0;
    int quarantined = 0;
    List<Path> entries;
    try (Stream<Path> listing = Files.list(dataDir.fileSystems())) {
      entries = listing.toList();
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (ResourceIds.FILE_SYSTEM.isValid(name) && known.contains(name)) {
        continue;
      }
      if (ResourceIds.FILE_SYSTEM.isValid(name) && isEmptyDirectory(entry)) {
        log.warn("removing {}: the directory of a file system whose create was never"
            + " acknowledged", entry);
        Files.delete(entry);
        orphans++;
      } else {
        Path target = dataDir.quarantine().resolve("filesystems-" + name);
        Files.createDirectories(dataDir.quarantine());
        log.warn("moving {} (no file system has it) to {}", entry, target);
        Files.move(entry, target, StandardCopyOption.REPLACE_EXISTING);
        quarantined++;
      }
    }
    int recreated = 0;
    for (String id : known) {
      Path root = dataDir.fileSystemRoot(id);
      if (!Files.isDirectory(root)) {
        log.error("file system {} has lost its tree {}; it starts again empty", id, root);
        Files.createDirectories(root);
        recreated++;
      }
    }
    return new Report(orphans, quarantined, recreated);
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isEmpty();
    }
  }
}
