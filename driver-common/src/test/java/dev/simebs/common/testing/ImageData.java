package dev.simebs.common.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** Data written into a volume's image file, made durable, so a copy or a snapshot has something to carry. */
public final class ImageData {

  private static final int MIB = 1 << 20;

  private ImageData() {}

  /** Writes {@code mib} MiB of random bytes (the same for the same seed) at {@code offset}; returns them. */
  public static byte[] writeRandom(Path file, long offset, int mib, long seed) throws IOException {
    byte[] data = new byte[mib * MIB];
    new Random(seed).nextBytes(data);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      while (buffer.hasRemaining()) {
        channel.write(buffer, offset + buffer.position());
      }
      channel.force(true);
    }
    return data;
  }
}
