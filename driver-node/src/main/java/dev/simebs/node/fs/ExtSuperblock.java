package dev.simebs.node.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** The few ext2/3/4 superblock fields the node needs: how large the file system is. */
record ExtSuperblock(long blocks, long blockSize) {

  private static final int OFFSET = 1024;
  private static final int LENGTH = 1024;
  private static final int MAGIC = 0xEF53;
  private static final int INCOMPAT_64BIT = 0x80;

  long sizeBytes() {
    return blocks * blockSize;
  }

  static ExtSuperblock read(Path device) throws IOException {
    ByteBuffer buffer =
        Superblock.read(device, OFFSET, LENGTH, ByteOrder.LITTLE_ENDIAN, "an ext superblock");
    if ((buffer.getShort(0x38) & 0xFFFF) != MAGIC) {
      throw new IOException(device + " holds no ext superblock");
    }
    long blocks = Integer.toUnsignedLong(buffer.getInt(0x04));
    if ((buffer.getInt(0x60) & INCOMPAT_64BIT) != 0) {
      blocks |= Integer.toUnsignedLong(buffer.getInt(0x150)) << 32;
    }
    long blockSize = 1024L << buffer.getInt(0x18);
    return new ExtSuperblock(blocks, blockSize);
  }
}
