package dev.simebs.backend.volumestore;

import dev.simebs.backend.files.DataDir;
import dev.simebs.backend.files.ImageFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reflink-capable volume store the backend makes itself where the host file system has none:
 * a sparse file {@code <data>/store.img} formatted as xfs with reflink, loop-mounted at
 * {@code <data>/store}, whose {@code volumes/} and {@code snapshots/} directories are bind-mounted
 * over {@code <data>/volumes} and {@code <data>/snapshots}. Paths therefore stay what nodes expect,
 * and FICLONE works between the two binds because they share one xfs (Linux 5.18 and later allow
 * a reflink across mounts of one file system; the store is probed before it is trusted).
 *
 * <p>The mounts outlive the process on purpose: a node's loop device may hold a volume file open,
 * and a later start finds and reuses them. {@link #unmount} lets go only of mounts nothing uses.
 * In Kubernetes the mounts must reach the nodes: the backend's data directory needs
 * Bidirectional mount propagation, and the nodes' HostToContainer (docs/backend-sim.md).
 */
final class ReflinkImage {

  private static final Logger log = LoggerFactory.getLogger(ReflinkImage.class);
  /** ext4 files end at 16 TiB; the image's size caps only data written, never volume sizes. */
  private static final long MAX_IMAGE_BYTES = 15L << 40;
  private static final String LABEL = "simebs-store";
  private static final int CAP_SYS_ADMIN = 21;

  private final DataDir dataDir;
  private final HostTools tools;

  ReflinkImage(DataDir dataDir, HostTools tools) {
    this.dataDir = dataDir;
    this.tools = tools;
  }

  /** Makes the image if it is missing, and mounts whatever of it is not mounted yet. */
  void mount() throws IOException {
    if (!canMount()) {
      throw new IOException("mounting it needs CAP_SYS_ADMIN (root; in a container, privileged)");
    }
    requireEmptyUnlessMounted(dataDir.volumes());
    requireEmptyUnlessMounted(dataDir.snapshots());
    if (!Files.exists(dataDir.storeImage())) {
      format();
    }
    Path mount = dataDir.storeMount();
    Files.createDirectories(mount);
    if (!isMountPoint(mount)) {
      tools.check(List.of("mount", "-t", "xfs", "-o", "loop,noatime",
          dataDir.storeImage().toString(), mount.toString()));
      log.info("mounted the reflink volume store {} at {}", dataDir.storeImage(), mount);
    }
    bind(mount.resolve("volumes"), dataDir.volumes());
    bind(mount.resolve("snapshots"), dataDir.snapshots());
  }

  /**
   * Unmounts the binds and the store unless something still uses them (a node's loop device
   * holding a volume file): those stay mounted for the next start to reuse.
   */
  void unmount() throws IOException {
    for (Path path : List.of(dataDir.volumes(), dataDir.snapshots(), dataDir.storeMount())) {
      if (isMountPoint(path)) {
        HostTools.Result result = tools.run(List.of("umount", path.toString()));
        if (result.exitCode() != 0) {
          log.info("the volume store stays mounted at {}: {}", path, result.stderr().strip());
          return;
        }
      }
    }
  }

  /** True when this data directory has its store image mounted (by this or an earlier start). */
  boolean isMounted() throws IOException {
    return Files.exists(dataDir.storeImage()) && isMountPoint(dataDir.storeMount());
  }

  private void format() throws IOException {
    Path image = dataDir.storeImage();
    Path fresh = image.resolveSibling(image.getFileName() + ".new");
    long bytes = Math.min(MAX_IMAGE_BYTES, Files.getFileStore(dataDir.root()).getTotalSpace());
    Files.deleteIfExists(fresh);
    try (RandomAccessFile file = new RandomAccessFile(fresh.toFile(), "rw")) {
      file.setLength(bytes);
    }
    // A 64 MiB log instead of the default (up to 2 GiB, all of it written by mkfs).
    tools.check(List.of("mkfs.xfs", "-q", "-m", "reflink=1", "-l", "size=64m", "-L", LABEL,
        fresh.toString()));
    try (RandomAccessFile file = new RandomAccessFile(fresh.toFile(), "rw")) {
      file.getFD().sync();
    }
    Files.move(fresh, image, StandardCopyOption.ATOMIC_MOVE);
    ImageFiles.syncDirectory(dataDir.root());
    log.info("made the reflink volume store {} ({} GiB, sparse)", image, bytes >> 30);
  }

  private void bind(Path source, Path target) throws IOException {
    Files.createDirectories(source);
    Files.createDirectories(target);
    if (!isMountPoint(target)) {
      tools.check(List.of("mount", "--bind", source.toString(), target.toString()));
    }
  }

  /**
   * Mounting over a directory would hide what it holds: images made before the store existed
   * must be moved into it first, by hand.
   */
  private void requireEmptyUnlessMounted(Path dir) throws IOException {
    if (!Files.isDirectory(dir) || isMountPoint(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      long count = entries.count();
      if (count > 0) {
        throw new IOException(dir + " holds " + count + " files on the host file system;"
            + " a store mounted over it would hide them");
      }
    }
  }

  /** CAP_SYS_ADMIN in this process's effective set, checked before anything is made. */
  private static boolean canMount() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")) {
        long effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
        return (effective & (1L << CAP_SYS_ADMIN)) != 0;
      }
    }
    return false;
  }

  private boolean isMountPoint(Path path) throws IOException {
    return tools.run(List.of("findmnt", "-n", "--mountpoint", path.toString())).exitCode() == 0;
  }
}
