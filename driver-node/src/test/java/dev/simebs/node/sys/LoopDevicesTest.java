package dev.simebs.node.sys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.node.HostRequirements;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopDevicesTest {

  @TempDir Path dir;

  private final LoopDevices loops = new LoopDevices(new LinuxSystem());

  @BeforeEach
  void needsLoopDevices() {
    HostRequirements.assumeLoopDevicesAndMount();
  }

  @Test
  void attachedFileIsVisibleInTheTableUntilDetached() throws IOException {
    Path file = sparseFile("a.img", 64L << 20);

    LoopDevice device = loops.attach(file);
    try {
      assertThat(loops.boundTo(file)).contains(device);
      assertThat(loops.sizeBytes(device)).isEqualTo(64L << 20);
      assertThat(device.autoclear()).isFalse();
    } finally {
      loops.detach(device);
    }
    assertThat(loops.boundTo(file)).isEmpty();
  }

  @Test
  void refreshedCapacityFollowsTheGrownFile() throws IOException {
    Path file = sparseFile("b.img", 64L << 20);
    LoopDevice device = loops.attach(file);
    try {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(128L << 20);
      }
      loops.refreshCapacity(device);
      assertThat(loops.sizeBytes(device)).isEqualTo(128L << 20);
    } finally {
      loops.detach(device);
    }
  }

  @Test
  void detachingAFreeDeviceIsFine() throws IOException {
    Path file = sparseFile("c.img", 64L << 20);
    LoopDevice device = loops.attach(file);
    loops.detach(device);
    loops.detach(device);
    assertThat(loops.read(device.number())).isEmpty();
  }

  private Path sparseFile(String name, long size) throws IOException {
    Path file = dir.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    return file.toRealPath();
  }
}
