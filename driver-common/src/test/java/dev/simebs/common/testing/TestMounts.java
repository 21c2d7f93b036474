package dev.simebs.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Cleans up after tests whose subjects mount things (the backend's own volume store): whatever a
 * failed or killed run left mounted under the test's own directory is lazily unmounted, deepest
 * first. Mounts anywhere else are never touched.
 */
public final class TestMounts {

  private TestMounts() {}

  /** The mount points at or below {@code dir}, as this process's mount table lists them. */
  public static List<Path> under(Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(line -> Path.of(unescape(line.split(" ")[4])))
        .filter(mountPoint -> mountPoint.startsWith(root))
        .distinct()
        .toList();
  }

  /** Lazily unmounts every mount at or below {@code dir}. */
  public static void unmountUnder(Path dir) throws IOException, InterruptedException {
    List<Path> mounts = under(dir).stream()
        .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
        .toList();
    for (Path mount : mounts) {
      new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
        .replace("\\134", "\\");
  }
}
