package dev.simebs.node.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block device's cumulative I/O counters, as its {@code stat} file in sysfs shows them (see the
 * kernel's Documentation/block/stat.rst): operations, 512-byte sectors and milliseconds spent, for
 * reads and writes.
 */
record IoCounters(long readOps, long readBytes, long readMillis, long writeOps, long writeBytes, long writeMillis) {

  static final IoCounters ZERO = new IoCounters(0, 0, 0, 0, 0, 0);
  private static final long SECTOR = 512;

  /** Reads {@code /sys/block/<device>/stat}. */
  static IoCounters read(Path statFile) throws IOException {
    return parse(Files.readString(statFile));
  }

  static IoCounters parse(String line) {
    String[] f = line.strip().split("\\s+");
    if (f.length < 8) {
      throw new IllegalArgumentException("a block stat line has at least 8 fields: " + line);
    }
    return new IoCounters(
        Long.parseLong(f[0]),
        Long.parseLong(f[2]) * SECTOR,
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(f[6]) * SECTOR,
        Long.parseLong(f[7]));
  }

  IoCounters plus(IoCounters o) {
    return new IoCounters(
        readOps + o.readOps, readBytes + o.readBytes, readMillis + o.readMillis,
        writeOps + o.writeOps, writeBytes + o.writeBytes, writeMillis + o.writeMillis);
  }

  long ops() {
    return readOps + writeOps;
  }

  long bytes() {
    return readBytes + writeBytes;
  }
}
