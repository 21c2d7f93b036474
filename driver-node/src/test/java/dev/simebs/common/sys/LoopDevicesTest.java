package dev.simebs.common.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.common.testing.HostRequirements;
import dev.simebs.node.testing.LoopDetacher;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class LoopDevicesTest {

  private static final String LABEL = "simebs:vol-0123456789abcdef0:node-1";

  @TempDir Path dir;

  private final LoopDevices loops = new LoopDevices(new LinuxSystem());

  @BeforeEach
  void needsLoopDevices() {
    HostRequirements.assumeLoopDevicesAndMount();
  }

  @Test
  void attachedFileIsVisibleInTheTableUntilDetached() throws IOException {
    Path file = sparseFile("a.img", 64L << 20);

    LoopDevice device = loops.attach(file, false, LABEL);
    try {
      assertThat(loops.boundTo(file, false, LABEL)).contains(device);
      assertThat(loops.sizeBytes(device)).isEqualTo(64L << 20);
      assertThat(device.autoclear()).isFalse();
    } finally {
      LoopDetacher.detach(loops, device);
    }
    assertThat(loops.boundTo(file, false, LABEL)).isEmpty();
  }

  @Test
  void labelAndBackingFileIdentityAreReadBackThroughTheDevice() throws IOException {
    Path file = sparseFile("l.img", 16L << 20);
    LoopDevice device = loops.attach(file, false, LABEL);
    try (LoopHandle handle = loops.open(device).orElseThrow()) {
      LoopStatus status = handle.status().orElseThrow();
      assertThat(status.label()).isEqualTo(LABEL);
      assertThat(status.backingDevice())
          .isEqualTo(((Number) Files.getAttribute(file, "unix:dev")).longValue());
      assertThat(status.backingInode())
          .isEqualTo(((Number) Files.getAttribute(file, "unix:ino")).longValue());
      assertThat(status.autoclear()).isFalse();
    } finally {
      LoopDetacher.detach(loops, device);
    }
  }

  @Test
  void aDeviceWithAnotherLabelIsNotReused() throws IOException {
    Path file = sparseFile("o.img", 16L << 20);
    LoopDevice device = loops.attach(file, false, "simebs:vol-0123456789abcdef0:node-2");
    try {
      assertThat(loops.boundTo(file, false, LABEL)).isEmpty();
    } finally {
      LoopDetacher.detach(loops, device);
    }
  }

  @Test
  void aHeldDeviceOutlivesADetachUntilTheHoldIsClosed() throws IOException {
    Path file = sparseFile("h.img", 16L << 20);
    LoopDevice device = loops.attach(file, false, LABEL);
    LoopHandle hold = loops.open(device).orElseThrow();
    try {
      LoopDetacher.detach(loops, device);

      LoopDevice after = loops.read(device.number()).orElseThrow();
      assertThat(after.backingFile()).isEqualTo(file);
      assertThat(after.autoclear()).isTrue();
    } finally {
      hold.close();
    }
    assertThat(loops.read(device.number())).isEmpty();
  }

  @Test
  void readOnlyDeviceRefusesWrites() throws IOException {
    Path file = sparseFile("ro.img", 64L << 20);
    LoopDevice device = loops.attach(file, true, LABEL);
    try {
      assertThat(device.readOnly()).isTrue();
      assertThat(loops.boundTo(file, false, LABEL)).isEmpty();
      assertThatThrownBy(() -> writeOneByte(Path.of(device.path())))
          .isInstanceOf(IOException.class);
    } finally {
      LoopDetacher.detach(loops, device);
    }
  }

  @Test
  void refreshedCapacityFollowsTheGrownFile() throws IOException {
    Path file = sparseFile("b.img", 64L << 20);
    LoopDevice device = loops.attach(file, false, LABEL);
    try {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(128L << 20);
      }
      loops.refreshCapacity(device);
      assertThat(loops.sizeBytes(device)).isEqualTo(128L << 20);
    } finally {
      LoopDetacher.detach(loops, device);
    }
  }

  @Test
  void detachingAFreeDeviceIsFine() throws IOException {
    Path file = sparseFile("c.img", 64L << 20);
    LoopDevice device = loops.attach(file, false, LABEL);
    LoopDetacher.detach(loops, device);
    LoopDetacher.detach(loops, device);
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
