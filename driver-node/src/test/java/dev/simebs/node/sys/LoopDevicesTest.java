package dev.simebs.node.sys;

import dev.simebs.common.testing.HostRequirements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class LoopDevicesTest {

  @TempDir Path dir;

  private final LoopDevices loops = new LoopDevices(new LinuxSystem());

  @BeforeEach
  void needsLoopDevices() {
    HostRequirements.assumeLoopDevicesAndMount();
  }

  @Test
  void attachedFileIsVisibleInTheTableUntilDetached() throws IOException {
    Path file = sparseFile("a.img", 64L << 20);

    LoopDevice device = loops.attach(file, false);
    try {
      assertThat(loops.boundTo(file, false)).contains(device);
      assertThat(loops.sizeBytes(device)).isEqualTo(64L << 20);
      assertThat(device.autoclear()).isFalse();
    } finally {
      loops.detach(device);
    }
    assertThat(loops.boundTo(file, false)).isEmpty();
  }

  @Test
  void readOnlyDeviceRefusesWrites() throws IOException {
    Path file = sparseFile("ro.img", 64L << 20);
    LoopDevice device = loops.attach(file, true);
    try {
      assertThat(device.readOnly()).isTrue();
      assertThat(loops.boundTo(file, false)).isEmpty();
      assertThatThrownBy(() -> writeOneByte(Path.of(device.path())))
          .isInstanceOf(IOException.class);
    } finally {
      loops.detach(device);
    }
  }

  @Test
  void refreshedCapacityFollowsTheGrownFile() throws IOException {
    Path file = sparseFile("b.img", 64L << 20);
    LoopDevice device = loops.attach(file, false);
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
    LoopDevice device = loops.attach(file, false);
    loops.detach(device);
    loops.detach(device);
    assertThat(loops.read(device.number())).isEmpty();
  }

  /** Opening a read-only block device for writing succeeds; the write is what fails. */
  public static void writeOneByte(Path device) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(device.toFile(), "rw")) {
      raf.write(1);
      raf.getFD().sync();
    }
  }

  private Path sparseFile(String name, long size) throws IOException {
    Path file = dir.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    return file.toRealPath();
  }
}
