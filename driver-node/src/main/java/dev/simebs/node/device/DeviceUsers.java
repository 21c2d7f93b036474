package dev.simebs.node.device;

import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.Mount;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of this node's mounts use a loop device: those that show its file system, and binds of its
 * device node (raw block). Only this node's mount namespace is visible here, which is why this
 * alone never decides that a device may go (see {@link DeviceRelease}).
 */
public final class DeviceUsers {

  private static final Pattern DEVICE_NODE = Pattern.compile("(?:^|/)loop(\\d+)$");

  private DeviceUsers() {}

  /** Mounts in {@code table} that show or bind {@code device}. */
  public static List<Mount> of(LoopDevice device, List<Mount> table) {
    return table.stream()
        .filter(
            mount ->
                mount.isOnDevice(device.major(), device.minor())
                    || deviceNodeNumber(mount).equals(OptionalInt.of(device.number())))
        .toList();
  }

  /** The N of a bind mount of /dev/loopN, if {@code mount} is one. */
  public static OptionalInt deviceNodeNumber(Mount mount) {
    Matcher matcher = DEVICE_NODE.matcher(mount.root());
    boolean deviceFs = mount.fsType().equals("devtmpfs") || mount.fsType().equals("tmpfs");
    return deviceFs && matcher.find()
        ? OptionalInt.of(Integer.parseInt(matcher.group(1)))
        : OptionalInt.empty();
  }
}
