package dev.simebs.node.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The few xfs superblock fields the node needs: how large the data section is. */
record XfsSuperblock(long dataBlocks, long blockSize) {

  private static final int LENGTH = 16;
  private static final int MAGIC = 0x58465342; // "XFSB"

  long sizeBytes() {
    return dataBlocks * blockSize;
  }

  static XfsSuperblock read(Path device) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(LENGTH).order(ByteOrder.BIG_ENDIAN);
    try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, buffer.position()) < 0) {
          throw new IOException(device + " is too small for an xfs superblock");
        }
      }
    }
    if (buffer.getInt(0) != MAGIC) {
      throw new IOException(device + " holds no xfs superblock");
    }
    return new XfsSuperblock(buffer.getLong(8), Integer.toUnsignedLong(buffer.getInt(4)));
  }
}
