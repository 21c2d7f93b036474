package dev.simebs.bench.run;

import dev.simebs.bench.process.MachineCpu;
import dev.simebs.bench.process.ProcStatus;
import dev.simebs.bench.report.BenchResult;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's, the tool's and the machine's CPU use at one instant; two of them give the run's
 * footprint and how much other work competed with it. Any part /proc cannot give is null.
 */
record UsageSnapshot(long nanos, ProcStatus driver, ProcStatus tool, MachineCpu machine) {

  private static final Logger LOG = LoggerFactory.getLogger(UsageSnapshot.class);

  static UsageSnapshot take(long driverPid) {
    long self = ProcessHandle.current().pid();
    ProcStatus driver = readProcess(driverPid);
    return new UsageSnapshot(
        System.nanoTime(), driver, driverPid == self ? driver : readProcess(self), MachineCpu.readOrNull());
  }

  /** Machine use from {@code before} to this snapshot, over {@code units} units; null without /proc. */
  BenchResult.Contention since(UsageSnapshot before, long units) {
    if (machine == null || before.machine == null || driver == null || before.driver == null
        || tool == null || before.tool == null) {
      return null;
    }
    MachineCpu used = machine.since(before.machine);
    double driverCpu = driver.cpuSeconds() - before.driver.cpuSeconds();
    double childrenCpu = driver.childrenCpuSeconds() - before.driver.childrenCpuSeconds();
    double toolCpu = driver == tool ? 0 : tool.cpuSeconds() - before.tool.cpuSeconds();
    return new BenchResult.Contention(
        (nanos - before.nanos) / 1e9,
        used.busyFraction(),
        driverCpu,
        toolCpu,
        Math.max(0, used.busySeconds() - driverCpu - childrenCpu - toolCpu),
        units > 0 ? driverCpu * 1000 / units : 0,
        childrenCpu,
        units > 0 ? (driverCpu + childrenCpu) * 1000 / units : 0);
  }

  private static ProcStatus readProcess(long pid) {
    try {
      return ProcStatus.read(pid);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read /proc/{}: {}", pid, e.toString());
      return null;
    }
  }
}
