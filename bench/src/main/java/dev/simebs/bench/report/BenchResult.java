package dev.simebs.bench.report;

import dev.simebs.bench.stats.PhaseSummary;
import java.util.List;
import java.util.Map;

/** Everything one run found, as written to JSON and read back by the chart generator. */
public record BenchResult(
    String tool,
    String startedAt,
    RunSettings settings,
    Machine machine,
    Jvm jvm,
    Driver driver,
    Footprint footprint,
    Contention contention,
    Headline headline,
    List<PhaseSummary> phases) {

  /** The command line's settings. */
  public record RunSettings(
      String scenario,
      String endpoint,
      String controllerEndpoint,
      int volumes,
      int warmup,
      int concurrency,
      long sizeBytes,
      int dataMib,
      String accessType,
      String fsType,
      Map<String, String> parameters,
      int pageSize,
      int listPasses,
      String nodeId,
      double rpcTimeoutSeconds,
      long seed,
      String launch) {}

  /** The machine the run was taken on; the load average shows whether something else ran. */
  public record Machine(
      int cores, long memoryKiB, String kernel, String os, String arch, String loadAverageAtStart) {}

  /** The JVM running the tool. */
  public record Jvm(String name, String vendor, String version, List<String> arguments) {}

  /** The driver under test as it describes itself. */
  public record Driver(
      String pluginName,
      String vendorVersion,
      List<String> controllerCapabilities,
      List<String> nodeCapabilities) {}

  /**
   * The driver process's cost (or the tool's own when the driver runs in it).
   *
   * @param source {@code launched}, {@code pid} or {@code self}
   * @param probeReadyMs process start to first ready Probe, when the tool launched it
   * @param machineBusyDuringStartup busy fraction of all cores while the launched driver started
   * @param idleRssKiB resident set after Probe, before the load
   * @param peakRssKiB highest resident set over the process's life (VmHWM), read after the load
   * @param cpuSecondsDuringRun user+system CPU the process used while the phases ran
   */
  public record Footprint(
      String source,
      long pid,
      String commandLine,
      Double probeReadyMs,
      Double machineBusyDuringStartup,
      Long idleRssKiB,
      Long peakRssKiB,
      Double cpuSecondsDuringRun,
      Double cpuSecondsTotal) {}

  /**
   * How busy the shared machine was while the phases ran, and who used it.
   *
   * @param busyFraction busy CPU time over all CPU time of all cores
   * @param driverCpuSeconds the driver's CPU time (the tool's own when the driver runs in it)
   * @param toolCpuSeconds the tool's own CPU time (0 when the driver runs in the tool)
   * @param otherCpuSeconds everything else on the machine: other work competing with the run
   * @param driverCpuMsPerUnit the driver's CPU time per unit of work, over all phases: unlike
   *     latency and throughput it does not depend on what else the machine runs
   * @param driverChildrenCpuSeconds CPU time of the driver's child processes that ended meanwhile
   *     (the tools it runs: mkfs, mount, tar …); 0 when the driver runs in the tool
   * @param driverWithChildrenCpuMsPerUnit the driver's and its children's CPU time per unit
   */
  public record Contention(
      double wallSeconds,
      double busyFraction,
      double driverCpuSeconds,
      double toolCpuSeconds,
      double otherCpuSeconds,
      double driverCpuMsPerUnit,
      double driverChildrenCpuSeconds,
      double driverWithChildrenCpuMsPerUnit) {}

  /** The scenario's headline numbers: its main phase and the step it is judged by. */
  public record Headline(
      String phase,
      String step,
      double p50Ms,
      double p99Ms,
      double maxMs,
      double stepOpsPerSecond,
      double unitsPerSecond,
      long failedUnits) {}

  /** The main phase, or null when the run has none. */
  public PhaseSummary phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }
}
