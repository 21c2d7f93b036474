package dev.simebs.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory and CPU use of a Linux process from {@code /proc}: resident and peak resident set
 * (VmRSS, VmHWM in /proc/PID/status) and user+system CPU time (utime+stime in /proc/PID/stat).
 */
public record ProcStatus(long rssKiB, long peakRssKiB, double cpuSeconds) {

  /** /proc reports CPU times in USER_HZ ticks, which Linux fixes at 100 per second for user space. */
  private static final double TICKS_PER_SECOND = 100.0;

  public static ProcStatus read(long pid) throws IOException {
    Path dir = Path.of("/proc", Long.toString(pid));
    return parse(Files.readString(dir.resolve("status")), Files.readString(dir.resolve("stat")));
  }

  static ProcStatus parse(String status, String stat) {
    return new ProcStatus(kib(status, "VmRSS:"), kib(status, "VmHWM:"), cpuSeconds(stat));
  }

  private static long kib(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key)) {
        String value = line.substring(key.length()).trim();
        return Long.parseLong(value.split("\\s+")[0]);
      }
    }
    throw new IllegalArgumentException("no " + key + " line in /proc status");
  }

  private static double cpuSeconds(String stat) {
    // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  }
}
