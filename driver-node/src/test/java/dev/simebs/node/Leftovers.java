package dev.simebs.node;

import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.MountTable;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.node.testing.LoopDetacher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Mounts and loop devices the tests made: everything whose mount point or backing file lies under
 * {@link #SUITE_ROOT}. Tests create their directories there so leftovers can be found and removed.
 */
public final class Leftovers {

  /** Every test directory of this JVM lies below here. */
  public static final Path SUITE_ROOT =
      Path.of(
          System.getProperty("java.io.tmpdir"), "simebs-node-it-" + ProcessHandle.current().pid());

  private Leftovers() {}

  public static Path newTestDir() throws IOException {
    Files.createDirectories(SUITE_ROOT);
    return Files.createTempDirectory(SUITE_ROOT, "t").toRealPath();
  }

  /** Descriptions of mounts and loop devices below {@code root}. */
  public static List<String> under(Path root) throws IOException {
    List<String> found = new ArrayList<>();
    for (Mount mount : MountTable.ofThisProcess().read()) {
      if (mount.mountPoint().startsWith(root)) {
        found.add("mount " + mount.mountPoint() + " from " + mount.source());
      }
    }
    for (LoopDevice device : new LoopDevices(new LinuxSystem()).bound()) {
      if (device.backingFile().startsWith(root)) {
        found.add("loop device " + device.path() + " over " + device.backingFile());
      }
    }
    return found;
  }

  /** Detaches the loop devices over {@code file} behind the node's back, as an operator might. */
  public static void detachLoopDevicesOf(Path file) throws IOException {
    LoopDevices loops = new LoopDevices(new LinuxSystem());
    for (LoopDevice device : loops.bound()) {
      if (device.backingFile().equals(file)) {
        LoopDetacher.detach(loops, device);
      }
    }
  }

  /** Unmounts {@code path} behind the node's back. */
  public static void unmount(Path path) throws IOException {
    unmount(new LinuxSystem(), path);
  }

  private static void unmount(LinuxSystem system, Path path) throws IOException {
    try (PathHandle directory = system.open(path.getParent())) {
      system.unmount(directory, path.getFileName().toString());
    }
  }

  /** Unmounts (deepest first) and detaches everything below {@code root}. */
  public static void clean(Path root) throws IOException {
    LinuxSystem system = new LinuxSystem();
    List<Mount> mounts =
        MountTable.ofThisProcess().read().stream()
            .filter(mount -> mount.mountPoint().startsWith(root))
            .sorted(
                Comparator.comparingInt((Mount m) -> m.mountPoint().getNameCount())
                    .reversed()
                    .thenComparing(Comparator.comparingInt(Mount::id).reversed()))
            .toList();
    for (Mount mount : mounts) {
      unmount(system, mount.mountPoint());
    }
    LoopDetacher.detachAllUnder(root);
  }
}
