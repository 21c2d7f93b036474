package dev.simebs.backend.files;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, copies, grows and removes the sparse image files behind volumes and snapshots. Copies
 * move only allocated extents (a reflink in a store that can, SEEK_DATA/SEEK_HOLE otherwise), so
 * their cost follows the data written, not the volume size.
 */
public final class ImageFiles {

  private static final Logger log = LoggerFactory.getLogger(ImageFiles.class);
  public static final long GIB = 1L << 30;
  /** An extent copy checks for cancellation and reports progress at this granularity. */
  private static final long CHUNK = 4L << 20;

  private final NativeFiles nativeFiles;

  public ImageFiles(NativeFiles nativeFiles) {
    this.nativeFiles = nativeFiles;
  }

  /**
   * A new empty sparse file of {@code sizeGib}. Nothing to fsync: it holds no data, and the
   * directory entry is made durable by the commit that records it (see GroupCommitWriter).
   */
  public void createSparse(Path file, long sizeGib) throws IOException {
    Files.createFile(file);
    grow(file, sizeGib);
  }

  /**
   * Copies {@code source} into {@code target} (made afresh: a partial file of an earlier attempt
   * is replaced) of {@code sizeGib} (≥ the source), then forces the copy to disk so a commit that
   * records it never points at lost data. A reflink is one atomic step; an extent copy reports
   * its progress and stops when cancelled ({@link CopyProgress.Cancelled}).
   *
   * @return the bytes the copy really holds on disk
   */
  public long copy(Path source, Path target, long sizeGib, CopyMethod method,
      CopyProgress progress) throws IOException {
    Files.deleteIfExists(target);
    Files.createFile(target);
    try (RandomAccessFile outFile = new RandomAccessFile(target.toFile(), "rw");
        FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      FileChannel out = outFile.getChannel();
      long length = in.size();
      switch (method) {
        case REFLINK -> {
          if (!nativeFiles.reflink(source, target)) {
            throw new IOException("the volume store refused to reflink " + source);
          }
        }
        case EXTENTS -> copyExtents(in, out, nativeFiles.dataExtents(source, length), target,
            progress);
      }
      outFile.setLength(Math.max(out.size(), Math.max(length, sizeGib * GIB)));
      out.force(true);
    }
    return nativeFiles.allocatedBytes(target);
  }

  /** True when {@code source}'s directory can reflink into {@code targetDir}. */
  public boolean canReflink(Path sourceDir, Path targetDir) throws IOException {
    String name = ".reflink-probe-" + ProcessHandle.current().pid();
    Path probe = sourceDir.resolve(name);
    Path clone = targetDir.resolve(name);
    try {
      Files.write(probe, new byte[4096]);
      Files.deleteIfExists(clone);
      Files.createFile(clone);
      return nativeFiles.reflink(probe, clone);
    } finally {
      Files.deleteIfExists(probe);
      Files.deleteIfExists(clone);
    }
  }

  /**
   * Grows the existing {@code file} to {@code sizeGib}; never shrinks it and never creates it
   * (a missing file is {@link NoSuchFileException}).
   */
  public void grow(Path file, long sizeGib) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    nativeFiles.extendExisting(file, sizeGib * GIB); // fails, creating nothing, if it went since
  }

  /** Removes a file if present; a failure is logged, never thrown (reconciliation retries it). */
  public void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete {}: {}", file, e.toString());
    }
  }

  /** Makes directory entries created in {@code dir} durable. */
  public static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fsync directory " + dir, e);
    }
  }

  private static void copyExtents(FileChannel in, FileChannel out,
      List<NativeFiles.Extent> extents, Path target, CopyProgress progress) throws IOException {
    long total = extents.stream().mapToLong(NativeFiles.Extent::length).sum();
    long done = 0;
    progress.copied(0, total);
    for (NativeFiles.Extent extent : extents) {
      for (long at = 0; at < extent.length(); at += CHUNK) {
        if (progress.cancelled()) {
          throw new CopyProgress.Cancelled(target.toString());
        }
        long length = Math.min(CHUNK, extent.length() - at);
        copyRange(in, out, extent.offset() + at, length);
        done += length;
        progress.copied(done, total);
      }
    }
  }

  private static void copyRange(FileChannel in, FileChannel out, long offset, long length)
      throws IOException {
    long done = 0;
    while (done < length) {
      long moved = in.transferTo(offset + done, length - done, out.position(offset + done));
      if (moved <= 0) {
        throw new IOException("short copy at offset " + (offset + done));
      }
      done += moved;
    }
  }
}
