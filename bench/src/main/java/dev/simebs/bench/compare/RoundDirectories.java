package dev.simebs.bench.compare;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The fresh directory each round's driver keeps its socket and data in, under the comparison's
 * work directory, and removed after the round. Staging and target paths, where volumes get
 * mounted, are kept outside these directories; as a second guard the removal never enters another
 * file system (a mount point whose device differs) and leaves it, and its parents, in place.
 */
final class RoundDirectories {

  private final Path workDir;

  RoundDirectories(Path workDir) {
    this.workDir = workDir;
  }

  /** Makes {@code <work dir>/<label>-r<round>}; it must not exist yet. */
  Path create(RoundOrder.Slot slot) throws IOException {
    return Files.createDirectory(workDir.resolve(slot.contender().label() + "-r" + slot.round()));
  }

  /** Deletes the round's directory; false when something on another file system stayed inside. */
  boolean remove(Path roundDir) throws IOException {
    Remover remover = new Remover(device(roundDir));
    Files.walkFileTree(roundDir, remover);
    return remover.complete;
  }

  /** Deletes a tree depth first, skipping (and keeping the parents of) other file systems. */
  private static final class Remover extends SimpleFileVisitor<Path> {
    private final Object device;
    private boolean complete = true;

    Remover(Object device) {
      this.device = device;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
      if (!device.equals(device(dir))) {
        complete = false;
        return FileVisitResult.SKIP_SUBTREE;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      Files.delete(file);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
      if (e != null) {
        throw e;
      }
      if (complete) {
        Files.delete(dir);
      }
      return FileVisitResult.CONTINUE;
    }
  }

  private static Object device(Path path) throws IOException {
    return Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
  }
}
