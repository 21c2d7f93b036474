package dev.simebs.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Describes the machine and JVM a run is taken on. */
public final class MachineProbe {

  private MachineProbe() {}

  public static BenchResult.Machine machine() {
    return new BenchResult.Machine(
        Runtime.getRuntime().availableProcessors(),
        memTotalKiB(),
        firstLine(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version")),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        firstLine(Path.of("/proc/loadavg"), ""));
  }

  public static BenchResult.Jvm jvm() {
    return new BenchResult.Jvm(
        System.getProperty("java.vm.name"),
        System.getProperty("java.vm.vendor"),
        System.getProperty("java.runtime.version"),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /** The command line of a process, arguments joined by spaces. */
  public static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static long memTotalKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static String firstLine(Path file, String fallback) {
    try {
      return Files.readAllLines(file).getFirst().trim();
    } catch (IOException | java.util.NoSuchElementException e) {
      return fallback;
    }
  }
}
