package dev.simebs.node.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the bytes of a file system's superblock straight from its device. */
final class Superblock {

  private Superblock() {}

  /** {@code length} bytes of {@code device} from {@code offset}, in {@code order}. */
  static ByteBuffer read(Path device, long offset, int length, ByteOrder order, String what)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
    try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          throw new IOException(device + " is too small for " + what);
        }
      }
    }
    return buffer;
  }
}
