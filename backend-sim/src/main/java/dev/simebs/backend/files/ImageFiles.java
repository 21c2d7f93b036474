package dev.simebs.backend.files;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, copies, grows and removes the sparse image files behind volumes and snapshots. Copies
 * move only allocated extents (reflink when the file system can, SEEK_DATA/SEEK_HOLE otherwise),
 * so their cost follows the data written, not the volume size.
 */
public final class ImageFiles {

  private static final Logger log = LoggerFactory.getLogger(ImageFiles.class);
  public static final long GIB = 1L << 30;

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
   * Copies {@code source} into a new file {@code target} of {@code sizeGib} (≥ the source), then
   * forces the copy to disk so a commit that records it never points at lost data.
   *
   * @return the bytes the copy really holds on disk
   */
  public long copy(Path source, Path target, long sizeGib) throws IOException {
    Files.createFile(target);
    try (RandomAccessFile outFile = new RandomAccessFile(target.toFile(), "rw");
        FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      FileChannel out = outFile.getChannel();
      long length = in.size();
      if (!nativeFiles.reflink(source, target)) {
        for (NativeFiles.Extent extent : nativeFiles.dataExtents(source, length)) {
          copyRange(in, out, extent.offset(), extent.length());
        }
      }
      outFile.setLength(Math.max(out.size(), Math.max(length, sizeGib * GIB)));
      out.force(true);
    }
    return nativeFiles.allocatedBytes(target);
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
