package dev.simebs.node.ec2devices;

import dev.simebs.backend.api.ResourceIds;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's directory of EBS device links, named as udev names them on Nitro instances:
 * {@code nvme-Amazon_Elastic_Block_Store_vol<17 hex digits>} pointing at the node's loop device
 * for that volume. The links are also the agent's record of which loop devices are its own.
 */
public final class Ec2DeviceLinks {

  static final String PREFIX = "nvme-Amazon_Elastic_Block_Store_vol";

  private static final Pattern LINK = Pattern.compile(Pattern.quote(PREFIX) + "([0-9a-f]{17})");
  private static final Pattern LOOP = Pattern.compile("/dev/loop(\\d+)");

  private final Path dir;

  public Ec2DeviceLinks(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /** The link's name for {@code volumeId}: the ID without its dash, after udev's prefix. */
  public static String linkName(String volumeId) {
    if (!ResourceIds.VOLUME.isValid(volumeId)) {
      throw new IllegalArgumentException("not a volume ID: " + volumeId);
    }
    return PREFIX + volumeId.substring(ResourceIds.VOLUME.prefix().length());
  }

  /** Each linked volume and the loop device number its link names (if it names one). */
  public Map<String, Optional<Integer>> read() throws IOException {
    Map<String, Optional<Integer>> links = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return links;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path entry : entries) {
        Matcher name = LINK.matcher(entry.getFileName().toString());
        if (name.matches() && Files.isSymbolicLink(entry)) {
          Matcher target = LOOP.matcher(Files.readSymbolicLink(entry).toString());
          links.put(ResourceIds.VOLUME.prefix() + name.group(1),
              target.matches() ? Optional.of(Integer.parseInt(target.group(1))) : Optional.empty());
        }
      }
    }
    return links;
  }

  /** Points the volume's link at {@code devicePath}, replacing any old one in one rename. */
  public void link(String volumeId, String devicePath) throws IOException {
    Files.createDirectories(dir);
    Path temporary = dir.resolve("." + linkName(volumeId) + ".new");
    Files.deleteIfExists(temporary);
    Files.createSymbolicLink(temporary, Path.of(devicePath));
    Files.move(temporary, dir.resolve(linkName(volumeId)), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  public void unlink(String volumeId) throws IOException {
    try {
      Files.delete(dir.resolve(linkName(volumeId)));
    } catch (NoSuchFileException gone) {
      // already removed: nothing to do
    }
  }
}
