package dev.simebs.node.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** The few xfs superblock fields the node needs: how large the data section is. */
record XfsSuperblock(long dataBlocks, long blockSize) {

  private static final int LENGTH = 16;
  private static final int MAGIC = 0x58465342; // "XFSB"

  long sizeBytes() {
    return dataBlocks * blockSize;
  }

  static XfsSuperblock read(Path device) throws IOException {
    ByteBuffer buffer =
        Superblock.read(device, 0, LENGTH, ByteOrder.BIG_ENDIAN, "an xfs superblock");
    if (buffer.getInt(0) != MAGIC) {
      throw new IOException(device + " holds no xfs superblock");
    }
    return new XfsSuperblock(buffer.getLong(8), Integer.toUnsignedLong(buffer.getInt(4)));
  }
}
