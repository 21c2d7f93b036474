package dev.simebs.common.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mounts the kernel reports in /proc/self/mountinfo. Every decision about what is mounted is
 * made from here, never from memory, so the node stays right across restarts.
 */
public final class MountTable {

  private final Path mountInfo;

  public MountTable(Path mountInfo) {
    this.mountInfo = mountInfo;
  }

  public static MountTable ofThisProcess() {
    return new MountTable(Path.of("/proc/self/mountinfo"));
  }

  /**
   * The mounts, in the kernel's order (a mount stacked on another comes after it).
   *
   * @throws IllegalStateException when a line is not what the kernel writes (our fault, not the
   *     caller's)
   */
  public List<Mount> read() throws IOException {
    List<Mount> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(mountInfo)) {
      if (!line.isBlank()) {
        mounts.add(parse(line));
      }
    }
    return mounts;
  }

  /** The mount with ID {@code id} (mountinfo's first field), if it is in {@code mounts}. */
  public static Optional<Mount> withId(List<Mount> mounts, int id) {
    return mounts.stream().filter(mount -> mount.id() == id).findFirst();
  }

  /** The top-most mount at {@code mountPoint}, if it is one. */
  public Optional<Mount> at(Path mountPoint) throws IOException {
    return topmostAt(read(), mountPoint);
  }

  public static Optional<Mount> topmostAt(List<Mount> mounts, Path mountPoint) {
    Mount found = null;
    for (Mount mount : mounts) {
      if (mount.mountPoint().equals(mountPoint)) {
        found = mount;
      }
    }
    return Optional.ofNullable(found);
  }

  static Mount parse(String line) {
    String[] fields = line.split(" ");
    int separator = List.of(fields).indexOf("-");
    String[] device = fields.length > 2 ? fields[2].split(":") : new String[0];
    if (separator < 6 || fields.length < separator + 3 || device.length != 2) {
      throw new IllegalStateException("unexpected mountinfo line: " + line);
    }
    try {
      return parse(fields, separator, device);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("unexpected number in mountinfo line: " + line, e);
    }
  }

  private static Mount parse(String[] fields, int separator, String[] device) {
    return new Mount(
        Integer.parseInt(fields[0]),
        Integer.parseInt(fields[1]),
        Integer.parseInt(device[0]),
        Integer.parseInt(device[1]),
        unescape(fields[3]),
        Path.of(unescape(fields[4])),
        fields[5],
        unescape(fields[separator + 1]),
        unescape(fields[separator + 2]),
        fields.length > separator + 3 ? fields[separator + 3] : "");
  }

  /** The kernel writes space, tab, newline and backslash as three-digit octal escapes. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
