package dev.simebs.backend.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeFilesTest {

  @TempDir Path dir;
  final NativeFiles nativeFiles = new NativeFiles();

  @Test
  void sparseFileHasNoExtentsAndNoBlocks() throws IOException {
    Path file = Files.createFile(dir.resolve("sparse"));
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(1L << 30);
    }

    assertThat(nativeFiles.dataExtents(file, 1L << 30)).isEmpty();
    assertThat(nativeFiles.allocatedBytes(file)).isZero();
  }

  @Test
  void writtenRangesAreReportedAsExtents() throws IOException {
    Path file = Files.createFile(dir.resolve("two-extents"));
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(64L << 20);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(1 << 20), 0);
      channel.write(ByteBuffer.wrap(new byte[1 << 20]), 32L << 20);
      channel.force(true);
    }

    assertThat(nativeFiles.dataExtents(file, 64L << 20))
        .containsExactly(new NativeFiles.Extent(0, 1 << 20), new NativeFiles.Extent(32L << 20, 1 << 20));
    assertThat(nativeFiles.allocatedBytes(file)).isEqualTo(2L << 20);
  }

  @Test
  void reflinkIsRefusedNotFailedWhereUnsupported() throws IOException {
    Path source = Files.writeString(dir.resolve("source"), "data");
    Path target = Files.createFile(dir.resolve("target"));

    boolean cloned = nativeFiles.reflink(source, target);

    // ext4 and tmpfs refuse; btrfs/xfs clone. Either way the answer is a boolean, not a crash.
    if (cloned) {
      assertThat(Files.readString(target)).isEqualTo("data");
    } else {
      assertThat(Files.size(target)).isZero();
    }
  }
}
