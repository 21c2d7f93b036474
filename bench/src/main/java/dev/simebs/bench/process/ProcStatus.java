package dev.simebs.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory and CPU use of a Linux process from {@code /proc}: resident and peak resident set
 * (VmRSS, VmHWM in /proc/PID/status), user+system CPU time (utime+stime in /proc/PID/stat), and
 * that of its child processes it has waited for (cutime+cstime: the tools a driver runs, such as
 * mkfs or tar, whose work is the driver's work too).
 */
public record ProcStatus(long rssKiB, long peakRssKiB, double cpuSeconds, double childrenCpuSeconds) {

  /** /proc reports CPU times in USER_HZ ticks, which Linux fixes at 100 per second for user space. */
  private static final double TICKS_PER_SECOND = 100.0;

  public static ProcStatus read(long pid) throws IOException {
    Path dir = Path.of("/proc", Long.toString(pid));
    return parse(Files.readString(dir.resolve("status")), Files.readString(dir.resolve("stat")));
  }

  static ProcStatus parse(String status, String stat) {
    String[] fields = statFields(stat);
    return new ProcStatus(
        kib(status, "VmRSS:"), kib(status, "VmHWM:"), ticks(fields, 11, 12), ticks(fields, 13, 14));
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

  /** The fields of /proc/PID/stat from the third (state) on. */
  private static String[] statFields(String stat) {
    // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
  }

  /** Two tick counts of the stat fields (utime and stime, or cutime and cstime), in seconds. */
  private static double ticks(String[] fields, int first, int second) {
    return (Long.parseLong(fields[first]) + Long.parseLong(fields[second])) / TICKS_PER_SECOND;
  }
}
