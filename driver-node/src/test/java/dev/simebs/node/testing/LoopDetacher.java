package dev.simebs.node.testing;

import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.LoopHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Detaches loop devices unconditionally, as an operator's {@code losetup -d} would: for cleaning up
 * after a test, and for detaching behind a node's back. The node itself never does this (see
 * DeviceRelease).
 */
public final class LoopDetacher {

  private LoopDetacher() {}

  public static void detach(LoopDevices loops, LoopDevice device) throws IOException {
    Optional<LoopHandle> handle = loops.open(device);
    if (handle.isPresent()) {
      try (LoopHandle open = handle.get()) {
        open.detach();
      }
    }
  }

  /** Detaches every loop device whose backing file lies below {@code root}. */
  public static void detachAllUnder(Path root) throws IOException {
    LoopDevices loops = new LoopDevices(new LinuxSystem());
    for (LoopDevice device : loops.bound()) {
      if (device.backingFile().startsWith(root)) {
        detach(loops, device);
      }
    }
  }
}
