package dev.simebs.bench.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Writes MiBs of seeded random data (so nothing compresses or dedupes it away), syncs it, and
 * reads it back, each way returning its SHA-256 so a restore can be compared with its source.
 */
final class DataPattern {

  private static final int MIB = 1 << 20;

  private DataPattern() {}

  /** Writes {@code mib} MiB at the start of {@code file} and fsyncs it; returns the checksum. */
  static String write(Path file, int mib, long seed, boolean create) throws IOException {
    MessageDigest digest = sha256();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[MIB];
    try (FileChannel channel =
        create
            ? FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)
            : FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (int i = 0; i < mib; i++) {
        random.nextBytes(chunk);
        digest.update(chunk);
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      channel.force(true);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The checksum of the first {@code mib} MiB of {@code file}. */
  static String read(Path file, int mib) throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(MIB);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int i = 0; i < mib; i++) {
        buffer.clear();
        while (buffer.hasRemaining()) {
          if (channel.read(buffer) < 0) {
            throw new IOException(file + " ends before " + mib + " MiB");
          }
        }
        digest.update(buffer.flip());
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
