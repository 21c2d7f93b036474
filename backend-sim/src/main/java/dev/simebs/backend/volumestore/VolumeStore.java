package dev.simebs.backend.volumestore;

import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the images live and how they are copied. Chosen once at start: a store that can reflink
 * makes every snapshot and clone one instant of its source, even while a node writes it; a store
 * that cannot copies extents, which is point-in-time only while no node writes the source, and the
 * start says so.
 */
public final class VolumeStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VolumeStore.class);

  private final CopyMethod copyMethod;
  private final String description;
  private final ReflinkImage image;
  private final boolean ownImage;
  private final Path quarantine;

  private VolumeStore(CopyMethod copyMethod, String description, ReflinkImage image,
      boolean ownImage, DataDir dataDir) {
    this.copyMethod = copyMethod;
    this.description = description;
    this.image = image;
    this.ownImage = ownImage;
    // On the images' own file system, so quarantining one is a rename, never a copy.
    this.quarantine = ownImage
        ? dataDir.storeMount().resolve("quarantine")
        : dataDir.quarantine();
  }

  /** Opens the store of {@code dataDir} as {@code mode} asks (see {@link VolumeStoreMode}). */
  public static VolumeStore open(DataDir dataDir, VolumeStoreMode mode, ImageFiles files,
      HostTools tools) throws IOException {
    dataDir.create();
    ReflinkImage image = new ReflinkImage(dataDir, tools);
    if (mode != VolumeStoreMode.DATA_DIR) {
      try {
        if (mode == VolumeStoreMode.REFLINK_IMAGE || image.isMounted()
            || !files.canReflink(dataDir.volumes(), dataDir.snapshots())) {
          image.mount();
        }
      } catch (IOException e) {
        if (mode == VolumeStoreMode.REFLINK_IMAGE) {
          throw new IOException("cannot make the reflink volume store: " + e.getMessage(), e);
        }
        log.warn("cannot make a reflink volume store in {}: {}", dataDir.root(), e.getMessage());
      }
    }
    boolean ownImage = image.isMounted();
    if (files.canReflink(dataDir.volumes(), dataDir.snapshots())) {
      String where = ownImage
          ? "its own xfs image " + dataDir.storeImage()
          : dataDir.volumes().toString();
      VolumeStore store = new VolumeStore(CopyMethod.REFLINK,
          "reflink volume store in " + where + ": snapshots and clones are point-in-time",
          image, ownImage, dataDir);
      log.info("{}", store.description());
      return store;
    }
    if (mode == VolumeStoreMode.REFLINK_IMAGE) {
      throw new IOException("the volume store in " + dataDir.root() + " cannot reflink");
    }
    VolumeStore store = new VolumeStore(CopyMethod.EXTENTS,
        "volume store in " + dataDir.volumes() + " cannot reflink: snapshots and clones copy"
            + " extents and are NOT point-in-time for volumes in use (a volume not in use cannot"
            + " be attached until its copy ends); run the backend as root (in a container,"
            + " privileged) with xfsprogs on a fresh data dir, or keep its data on xfs with reflink"
            + " or btrfs",
        image, ownImage, dataDir);
    log.warn("{}", store.description());
    return store;
  }

  /** How images are copied here. */
  public CopyMethod copyMethod() {
    return copyMethod;
  }

  /** One line for logs and start-up: which store, and whether copies are point-in-time. */
  public String description() {
    return description;
  }

  /** Where reconciliation puts unclaimed files. */
  public Path quarantine() {
    return quarantine;
  }

  /** Lets go of the store's own mounts unless a node still uses them. */
  @Override
  public void close() {
    if (ownImage) {
      try {
        image.unmount();
      } catch (IOException e) {
        log.warn("cannot unmount the volume store: {}", e.getMessage());
      }
    }
  }
}
