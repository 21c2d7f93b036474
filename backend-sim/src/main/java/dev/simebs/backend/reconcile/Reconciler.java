package dev.simebs.backend.reconcile;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.snapshots.SnapshotRows;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.volumes.VolumeRows;
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
 * Brings files and metadata back in line at start, before the backend serves:
 * <ul>
 *   <li>an image file without a row is an unacknowledged create (the file is made before the
 *       row is committed) or a delete whose unlink did not happen: it is deleted;</li>
 *   <li>anything else found in the image directories is moved to {@code quarantine/};</li>
 *   <li>a blank volume (not restored, not cloned) whose file is missing had its create
 *       acknowledged before the file's directory entry was durable: its all-zero image is
 *       recreated;</li>
 *   <li>any other row whose file is missing is marked ERROR (this cannot follow from a crash,
 *       only from someone removing files), and a volume file shorter than its size is grown.</li>
 * </ul>
 * Every action is logged.
 */
public final class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int CHECK_PAGE = 1000;

  /** What a run found and did. */
  public record Report(int orphansDeleted, int quarantined, int missingFiles) {}

  private final Database db;
  private final DataDir dataDir;
  private final ImageFiles files;

  public Reconciler(Database db, DataDir dataDir, ImageFiles files) {
    this.db = db;
    this.dataDir = dataDir;
    this.files = files;
  }

  public Report run() throws IOException {
    Set<String> volumeIds = new HashSet<>(db.read(VolumeRows::allIds));
    Set<String> snapshotIds = new HashSet<>(db.read(SnapshotRows::allIds));
    int[] orphans = {0};
    int[] quarantined = {0};
    sweep(dataDir.volumes(), ResourceIds.VOLUME, volumeIds, orphans, quarantined);
    sweep(dataDir.snapshots(), ResourceIds.SNAPSHOT, snapshotIds, orphans, quarantined);
    int missing = checkVolumeFiles() + checkSnapshotFiles(snapshotIds);
    Report report = new Report(orphans[0], quarantined[0], missing);
    if (!report.equals(new Report(0, 0, 0))) {
      log.warn("reconciliation: {} orphan files deleted, {} files quarantined, {} objects without"
          + " a file marked error", report.orphansDeleted(), report.quarantined(),
          report.missingFiles());
    }
    return report;
  }

  private void sweep(Path dir, ResourceIds kind, Set<String> known, int[] orphans,
      int[] quarantined) throws IOException {
    List<Path> entries;
    try (Stream<Path> listing = Files.list(dir)) {
      entries = listing.toList();
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      String id = name.endsWith(DataDir.IMAGE_SUFFIX)
          ? name.substring(0, name.length() - DataDir.IMAGE_SUFFIX.length())
          : "";
      if (kind.isValid(id) && Files.isRegularFile(entry)) {
        if (!known.contains(id)) {
          log.warn("deleting orphan image {} (no acknowledged {} has it)", entry, kind.prefix());
          files.deleteQuietly(entry);
          orphans[0]++;
        }
      } else {
        Files.createDirectories(dataDir.quarantine());
        Path target = dataDir.quarantine().resolve(name);
        log.warn("moving unexpected file {} to {}", entry, target);
        Files.move(entry, target, StandardCopyOption.REPLACE_EXISTING);
        quarantined[0]++;
      }
    }
  }

  /** Checks every volume's file; rows are read in keyset pages, not one query per volume. */
  private int checkVolumeFiles() throws IOException {
    int missing = 0;
    String after = "";
    List<Volume> page;
    do {
      String from = after;
      page = db.read(c -> VolumeRows.page(c, from, CHECK_PAGE));
      for (Volume volume : page) {
        missing += checkVolumeFile(volume);
        after = volume.getVolumeId();
      }
    } while (page.size() == CHECK_PAGE);
    return missing;
  }

  /** 1 when the volume's file is missing and cannot be recreated, else 0. */
  private int checkVolumeFile(Volume volume) throws IOException {
    String id = volume.getVolumeId();
    Path file = dataDir.volumeFile(id);
    if (Files.exists(file)) {
      if (Files.size(file) < volume.getSizeGib() * ImageFiles.GIB) {
        log.warn("growing {} to its recorded {} GiB", file, volume.getSizeGib());
        files.grow(file, volume.getSizeGib());
      }
      return 0;
    }
    if (volume.getState() == VolumeState.ERROR) {
      return 1;
    }
    if (isBlank(volume)) {
      log.warn("recreating the blank image of volume {} ({} GiB), lost before it was durable",
          id, volume.getSizeGib());
      files.createSparse(file, volume.getSizeGib());
      return 0;
    }
    log.error("volume {} has no image file {}; marking it error", id, file);
    db.write(c -> {
      VolumeRows.update(c, volume.toBuilder().setState(VolumeState.ERROR).build(), 0);
      return null;
    });
    return 1;
  }

  private static boolean isBlank(Volume volume) {
    return volume.getSnapshotId().isEmpty() && volume.getSourceVolumeId().isEmpty();
  }

  private int checkSnapshotFiles(Set<String> ids) {
    int missing = 0;
    for (String id : ids) {
      if (!Files.exists(dataDir.snapshotFile(id))) {
        Snapshot snapshot = db.read(c -> SnapshotRows.find(c, id)).orElseThrow().snapshot();
        if (snapshot.getState() != SnapshotState.SNAPSHOT_ERROR) {
          log.error("snapshot {} has no image file; marking it error", id);
          db.write(c -> {
            SnapshotRows.update(c,
                snapshot.toBuilder().setState(SnapshotState.SNAPSHOT_ERROR).build(), 0);
            return null;
          });
        }
        missing++;
      }
    }
    return missing;
  }
}
