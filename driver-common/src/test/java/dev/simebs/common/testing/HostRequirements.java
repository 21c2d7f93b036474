package dev.simebs.common.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** JUnit assumptions for tests that need the real data path (root, loop devices, tools). */
public final class HostRequirements {

  private HostRequirements() {}

  /** Skips the test unless it can bind loop devices and mount as root. */
  public static void assumeLoopDevicesAndMount() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "needs root to bind loop devices and mount");
    assumeTrue(
        Files.isWritable(Path.of("/dev/loop-control")),
        "needs /dev/loop-control (loop module loaded, device visible)");
  }

  /** Skips the test unless it runs as root (to chown, mount, change identities). */
  public static void assumeRoot() {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
  }

  /**
   * Skips unless this process can serve FUSE mounts as root: /dev/fuse present, and the
   * util-linux tools that put node plugins and pods into their own mount namespaces and
   * identities (unshare, nsenter, setpriv).
   */
  public static void assumeFuse() {
    assumeRoot();
    assumeTrue(Files.isWritable(Path.of("/dev/fuse")), "needs /dev/fuse (the fuse module)");
    for (String tool : List.of("unshare", "nsenter", "setpriv")) {
      assumeTrue(onPath(tool), "needs " + tool + " on the PATH (util-linux)");
    }
  }

  /** Also skips unless these tools are on the PATH, e.g. mkfs.ext4. */
  public static void assumeTools(String... tools) {
    assumeLoopDevicesAndMount();
    for (String tool : tools) {
      assumeTrue(onPath(tool), "needs " + tool + " on the PATH");
    }
  }

  /**
   * Also skips unless util-linux's unshare and nsenter can give a process a mount namespace of
   * its own (see MountNamespace).
   */
  public static void assumeMountNamespaces() {
    assumeTools("unshare", "nsenter");
  }

  /** True when the real data path can run here: root, loop devices and these tools. */
  public static boolean hasDataPath(String... tools) {
    return "root".equals(System.getProperty("user.name"))
        && Files.isWritable(Path.of("/dev/loop-control"))
        && java.util.Arrays.stream(tools).allMatch(HostRequirements::onPath);
  }

  /** CAP_SYS_RESOURCE: the kernel's online ext4 resize (EXT4_IOC_RESIZE_FS) requires it. */
  public static void assumeOnlineExtResize() {
    assumeTrue(
        hasEffectiveCapability(24),
        "online ext4 resize needs CAP_SYS_RESOURCE, which this process lacks");
  }

  /** The opposite: for the test of the message a node without CAP_SYS_RESOURCE gives. */
  public static void assumeNoOnlineExtResize() {
    assumeTrue(!hasEffectiveCapability(24), "this process has CAP_SYS_RESOURCE");
  }

  private static boolean hasEffectiveCapability(int bit) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
          return (mask & (1L << bit)) != 0;
        }
      }
      return false;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
