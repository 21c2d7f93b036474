package dev.simebs.backend.reconcile;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.copies.Copy;
import dev.simebs.backend.copies.CopyRows;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import dev.simebs.backend.quarantine.Quarantine;
import dev.simebs.backend.snapshots.SnapshotRows;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.volumes.VolumeRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings files and metadata back in line at start, before the backend serves. It never deletes
 * what it cannot account for:
 * <ul>
 *   <li>a file in {@code volumes/} or {@code snapshots/} that no row and no unfinished copy
 *       claims is moved to quarantine (an unacknowledged create, a delete whose unlink did not
 *       happen, or a database that lost rows); the admin lists, restores or purges it;</li>
 *   <li>a row whose image is missing is put in error with a message, unless an unfinished copy
 *       will make the image, or the volume is blank and was never attached (so never written):
 *       only then is its all-zero image recreated;</li>
 *   <li>a volume file shorter than its size is grown.</li>
 * </ul>
 * Before any of that, {@link #requireDatabaseFor} refuses a start on an empty database beside a
 * store full of images: a lost database or a wrong data directory must not quarantine them all.
 */
public final class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int CHECK_PAGE = 1000;
  static final String IMAGE_MISSING = "its image file was missing at start-up; restore it from"
      + " quarantine (simebs cloud quarantine) or delete the %s";

  /** What a run found and did. */
  public record Report(int quarantined, int missingImages, int recreatedBlank) {

    public boolean isClean() {
      return quarantined == 0 && missingImages == 0 && recreatedBlank == 0;
    }
  }

  /** The start refused: the database knows nothing of the images beside it. */
  public static final class UnknownImages extends IOException {
    UnknownImages(String message) {
      super(message);
    }
  }

  private final Database db;
  private final DataDir dataDir;
  private final ImageFiles files;
  private final Quarantine quarantine;

  public Reconciler(Database db, DataDir dataDir, ImageFiles files, Quarantine quarantine) {
    this.db = db;
    this.dataDir = dataDir;
    this.files = files;
    this.quarantine = quarantine;
  }

  /**
   * Refuses to start when the database has no volume and no snapshot but the image directories
   * hold files, unless {@code allowEmptyDatabase}: then they are quarantined like any other
   * unclaimed file.
   */
  public void requireDatabaseFor(boolean allowEmptyDatabase, String overrideFlag)
      throws IOException {
    boolean empty = db.read(c -> VolumeRows.none(c) && SnapshotRows.none(c));
    if (!empty) {
      return;
    }
    long images = count(dataDir.volumes()) + count(dataDir.snapshots());
    if (images == 0) {
      return;
    }
    if (allowEmptyDatabase) {
      log.warn("the database {} is empty but {} holds {} files; starting anyway ({}): they go to"
          + " quarantine", dataDir.database(), dataDir.root(), images, overrideFlag);
      return;
    }
    throw new UnknownImages(("refusing to start: the database %s has no volumes or snapshots,"
        + " but %s and %s hold %d files. A lost or replaced database, or the wrong --data-dir,"
        + " would otherwise put every volume in quarantine. Restore the database, or start with"
        + " %s to quarantine the files (they are kept, never deleted).")
        .formatted(dataDir.database(), dataDir.volumes(), dataDir.snapshots(), images,
            overrideFlag));
  }

  public Report run() throws IOException {
    List<Copy> copies = db.read(CopyRows::all);
    Set<String> copyTargets = new HashSet<>();
    Set<String> claimed = new HashSet<>(db.read(VolumeRows::allIds));
    claimed.addAll(db.read(SnapshotRows::allIds));
    for (Copy copy : copies) {
      copyTargets.add(copy.targetId());
      claimed.add(copy.targetId());
      claimed.add(copy.sourceId());
    }
    int quarantined = sweep(dataDir.volumes(), "volumes", ResourceIds.VOLUME, claimed)
        + sweep(dataDir.snapshots(), "snapshots", ResourceIds.SNAPSHOT, claimed);
    int[] recreated = {0};
    int missing = checkVolumeFiles(copyTargets, recreated) + checkSnapshotFiles(copyTargets);
    Report report = new Report(quarantined, missing, recreated[0]);
    if (!report.isClean()) {
      log.warn("reconciliation: {} files moved to quarantine {}, {} objects without their image"
          + " in error, {} blank images recreated", report.quarantined(), quarantine.root(),
          report.missingImages(), report.recreatedBlank());
    }
    return report;
  }

  private int sweep(Path dir, String origin, ResourceIds kind, Set<String> claimed)
      throws IOException {
    int quarantined = 0;
    for (Path entry : entries(dir)) {
      String name = entry.getFileName().toString();
      String id = name.endsWith(DataDir.IMAGE_SUFFIX)
          ? name.substring(0, name.length() - DataDir.IMAGE_SUFFIX.length())
          : "";
      boolean image = kind.isValid(id) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
      if (image && claimed.contains(id)) {
        continue;
      }
      String where = quarantine.take(entry, origin);
      log.warn("quarantined {} as {}: {}", entry, where, image
          ? "no " + kind.name().toLowerCase() + " row and no copy claims it"
          : "not an image file of the backend's");
      quarantined++;
    }
    return quarantined;
  }

  /** Checks every volume's file; rows are read in keyset pages, not one query per volume. */
  private int checkVolumeFiles(Set<String> copyTargets, int[] recreated) throws IOException {
    int missing = 0;
    String after = "";
    List<VolumeRows.Stored> page;
    do {
      String from = after;
      page = db.read(c -> VolumeRows.storedPage(c, from, CHECK_PAGE));
      for (VolumeRows.Stored stored : page) {
        missing += checkVolumeFile(stored, copyTargets, recreated);
        after = stored.volume().getVolumeId();
      }
    } while (page.size() == CHECK_PAGE);
    return missing;
  }

  /** 1 when the volume's image is missing and cannot be made again, else 0. */
  private int checkVolumeFile(VolumeRows.Stored stored, Set<String> copyTargets,
      int[] recreated) throws IOException {
    Volume volume = stored.volume();
    String id = volume.getVolumeId();
    Path file = dataDir.volumeFile(id);
    if (Files.exists(file)) {
      if (Files.size(file) < volume.getSizeGib() * ImageFiles.GIB) {
        log.warn("growing {} to its recorded {} GiB", file, volume.getSizeGib());
        files.grow(file, volume.getSizeGib());
      }
      return 0;
    }
    if (copyTargets.contains(id)) {
      return 0; // its resumed copy makes it
    }
    if (volume.getState() == VolumeState.ERROR) {
      return 1;
    }
    if (isBlank(volume) && !stored.attachedOnce()) {
      log.warn("recreating the blank image of volume {} ({} GiB): never attached, so never"
          + " written; its file was lost before it was durable", id, volume.getSizeGib());
      files.createSparse(file, volume.getSizeGib());
      recreated[0]++;
      return 0;
    }
    log.error("volume {} has no image file {}; marking it error", id, file);
    db.write(c -> {
      Optional<VolumeRows.Stored> current = VolumeRows.find(c, id);
      if (current.isPresent()) {
        VolumeRows.update(c, current.get().volume().toBuilder()
            .setState(VolumeState.ERROR)
            .setStatusMessage(IMAGE_MISSING.formatted("volume"))
            .build(), 0);
      }
      return null;
    });
    return 1;
  }

  private static boolean isBlank(Volume volume) {
    return volume.getSnapshotId().isEmpty() && volume.getSourceVolumeId().isEmpty();
  }

  private int checkSnapshotFiles(Set<String> copyTargets) {
    int missing = 0;
    for (String id : db.read(SnapshotRows::allIds)) {
      if (Files.exists(dataDir.snapshotFile(id)) || copyTargets.contains(id)) {
        continue;
      }
      Snapshot snapshot = db.read(c -> SnapshotRows.find(c, id)).orElseThrow().snapshot();
      if (snapshot.getState() != SnapshotState.SNAPSHOT_ERROR) {
        log.error("snapshot {} has no image file; marking it error", id);
        db.write(c -> {
          SnapshotRows.update(c, snapshot.toBuilder()
              .setState(SnapshotState.SNAPSHOT_ERROR)
              .setStatusMessage(IMAGE_MISSING.formatted("snapshot"))
              .build(), 0);
          return null;
        });
      }
      missing++;
    }
    return missing;
  }

  private static List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.toList();
    }
  }

  private static long count(Path dir) throws IOException {
    return entries(dir).size();
  }
}
