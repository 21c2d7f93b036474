package dev.simebs.common.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxSystemTest {

  @TempDir Path dir;

  private final LinuxSystem system = new LinuxSystem();

  @Test
  void sparseFileThatWasNeverWrittenHoldsNoData() throws IOException {
    Path file = dir.resolve("sparse.img");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(64L << 20);
    }

    assertThat(system.holdsData(file)).isFalse();
  }

  @Test
  void oneWrittenByteAnywhereIsData() throws IOException {
    Path file = dir.resolve("written.img");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(64L << 20);
      raf.seek(40L << 20);
      raf.write(1);
    }

    assertThat(system.holdsData(file)).isTrue();
  }

  @Test
  void failedCallNamesTheCallAndTheErrno() {
    assertThatThrownBy(
            () -> {
              try (PathHandle directory = system.open(dir)) {
                system.unmount(directory, "not-a-mount");
              }
            })
        .isInstanceOf(SystemCallException.class)
        .hasMessageContaining("umount2(")
        .hasMessageContaining("errno");
  }

  @Test
  void statvfsReportsTheFileSystemOfAPath() throws IOException {
    LinuxSystem.FsUsage usage;
    try (PathHandle handle = system.open(dir)) {
      usage = system.statvfs(handle);
    }

    assertThat(usage.totalBytes()).isPositive();
    assertThat(usage.availableBytes()).isLessThanOrEqualTo(usage.freeBytes());
    assertThat(usage.totalInodes()).isPositive();
  }
}
