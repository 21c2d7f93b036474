package dev.simebs.common.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The metered size of a directory tree, as a shared file system bills it: each regular file's
 * size rounded up to whole 4 KiB blocks, and one block for every directory, link or other entry.
 * Symbolic links are never followed, and entries that vanish during the walk are skipped (other
 * clients keep writing while it runs).
 */
public final class MeteredSize {

  public static final long BLOCK = 4096;

  private MeteredSize() {}

  public static long of(Path root) throws IOException {
    long[] total = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        total[0] += BLOCK;
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        total[0] += attrs.isRegularFile() ? blocks(attrs.size()) * BLOCK : BLOCK;
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  private static long blocks(long bytes) {
    return (bytes + BLOCK - 1) / BLOCK;
  }
}
