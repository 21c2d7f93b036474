package dev.simebs.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy and total CPU time of the whole machine, from the first line of /proc/stat, so a run can
 * say how much of the machine other work took while it ran (the tool shares its machine).
 */
public record MachineCpu(double busySeconds, double totalSeconds) {

  private static final double TICKS_PER_SECOND = 100.0;

  public static MachineCpu read() throws IOException {
    return parse(Files.readAllLines(Path.of("/proc/stat")).getFirst());
  }

  /** The current reading, or null where /proc/stat cannot be read. */
  public static MachineCpu readOrNull() {
    try {
      return read();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Busy time over all time, 0 when no time passed. */
  public double busyFraction() {
    return totalSeconds > 0 ? busySeconds / totalSeconds : 0;
  }

  /** Parses {@code cpu user nice system idle iowait irq softirq steal …}. */
  static MachineCpu parse(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long user = Long.parseLong(f[1]);
    long nice = Long.parseLong(f[2]);
    long system = Long.parseLong(f[3]);
    long idle = Long.parseLong(f[4]);
    long iowait = Long.parseLong(f[5]);
    long irq = Long.parseLong(f[6]);
    long softirq = Long.parseLong(f[7]);
    long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
    long busy = user + nice + system + irq + softirq + steal;
    return new MachineCpu(busy / TICKS_PER_SECOND, (busy + idle + iowait) / TICKS_PER_SECOND);
  }

  /** CPU time used between {@code earlier} and this reading. */
  public MachineCpu since(MachineCpu earlier) {
    return new MachineCpu(busySeconds - earlier.busySeconds, totalSeconds - earlier.totalSeconds);
  }
}
