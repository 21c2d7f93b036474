package dev.simebs.bench.run;

import dev.simebs.bench.csi.CsiConnection;
import dev.simebs.bench.csi.DriverProfile;
import dev.simebs.bench.process.DriverLauncher;
import dev.simebs.bench.process.MachineCpu;
import dev.simebs.bench.process.ProbeWait;
import dev.simebs.bench.process.ProcStatus;
import dev.simebs.bench.progress.Progress;
import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.report.MachineProbe;
import dev.simebs.bench.scenario.Phase;
import dev.simebs.bench.scenario.ScenarioKind;
import dev.simebs.bench.scenario.Settings;
import dev.simebs.bench.scenario.Workloads;
import dev.simebs.bench.stats.LatencySummary;
import dev.simebs.bench.stats.PhaseSummary;
import dev.simebs.bench.stats.StepSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run: start the driver if asked, wait for Probe, learn what the driver supports,
 * run the scenario's phases, and measure the driver process around them.
 */
public final class BenchRun {

  private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);

  private final Target target;
  private final Settings settings;
  private final long seed;
  private final PrintStream progressOut;
  private final Progress.Mode progressMode;

  public BenchRun(
      Target target, Settings settings, long seed, PrintStream progressOut, Progress.Mode progressMode) {
    this.target = target;
    this.settings = settings;
    this.seed = seed;
    this.progressOut = progressOut;
    this.progressMode = progressMode;
  }

  public BenchResult execute() throws Exception {
    String startedAt = Instant.now().toString();
    BenchResult.Machine machine = MachineProbe.machine();
    MachineCpu beforeLaunch = MachineCpu.readOrNull();
    try (CsiConnection csi =
            new CsiConnection(target.endpoint(), target.controllerEndpoint(), target.rpcTimeout());
        DriverLauncher launched = launch(csi)) {
      long ready =
          ProbeWait.untilReady(
              csi,
              target.endpoint(),
              target.probeTimeout(),
              () -> launched == null || launched.isAlive());
      Double probeReadyMs = launched == null ? null : (ready - launched.startNanos()) / 1e6;
      MachineCpu afterReady = MachineCpu.readOrNull();
      Double busyDuringStartup =
          launched == null || beforeLaunch == null || afterReady == null
              ? null
              : afterReady.since(beforeLaunch).busyFraction();
      String source = launched != null ? "launched" : target.driverPid() != null ? "pid" : "self";
      long pid =
          launched != null
              ? launched.pid()
              : target.driverPid() != null ? target.driverPid() : ProcessHandle.current().pid();
      DriverProfile profile =
          DriverProfile.discover(
              csi, settings.scenario().usesController(), settings.scenario().usesNode(), target.nodeId());
      List<Phase> phases = Workloads.phases(settings, profile, seed);
      UsageSnapshot start = UsageSnapshot.take(pid);
      ProcStatus before = start.driver();
      PhaseRunner runner = new PhaseRunner(csi, progressOut, progressMode);
      List<PhaseSummary> summaries = new ArrayList<>();
      for (Phase phase : phases) {
        summaries.add(runner.run(phase));
      }
      UsageSnapshot end = UsageSnapshot.take(pid);
      ProcStatus after = end.driver();
      return new BenchResult(
          "simebs-bench",
          startedAt,
          settingsRecord(profile),
          machine,
          MachineProbe.jvm(),
          new BenchResult.Driver(
              profile.pluginName(),
              profile.vendorVersion(),
              profile.controller().stream().map(Enum::name).toList(),
              profile.node().stream().map(Enum::name).toList()),
          new BenchResult.Footprint(
              source,
              pid,
              MachineProbe.commandLine(pid),
              probeReadyMs,
              busyDuringStartup,
              before == null ? null : before.rssKiB(),
              after == null ? null : after.peakRssKiB(),
              before == null || after == null ? null : after.cpuSeconds() - before.cpuSeconds(),
              after == null ? null : after.cpuSeconds()),
          end.since(start, summaries.stream().mapToLong(PhaseSummary::units).sum()),
          headline(summaries),
          summaries);
    }
  }

  private DriverLauncher launch(CsiConnection csi) throws IOException {
    if (target.launch() == null) {
      return null;
    }
    ProbeWait.warmUp(csi);
    return DriverLauncher.start(target.launch(), target.launchLog());
  }

  private BenchResult.Headline headline(List<PhaseSummary> summaries) {
    String step = settings.scenario().headlineStep();
    return summaries.stream()
        .filter(p -> p.name().equals(ScenarioKind.MAIN_PHASE))
        .findFirst()
        .map(
            main -> {
              LatencySummary latency = main.latencyOf(step);
              double stepOps =
                  "unit".equals(step)
                      ? main.unitsPerSecond()
                      : main.steps().stream()
                          .filter(s -> s.name().equals(step))
                          .mapToDouble(StepSummary::opsPerSecond)
                          .findFirst()
                          .orElse(0);
              return new BenchResult.Headline(
                  main.name(), step, latency.p50Ms(), latency.p99Ms(), latency.maxMs(), stepOps,
                  main.unitsPerSecond(), main.failedUnits());
            })
        .orElse(null);
  }

  private BenchResult.RunSettings settingsRecord(DriverProfile profile) {
    return new BenchResult.RunSettings(
        settings.scenario().name(),
        target.endpoint().toString(),
        target.controllerEndpoint() == null ? null : target.controllerEndpoint().toString(),
        settings.volumes(),
        settings.warmup(),
        settings.concurrency(),
        settings.sizeBytes(),
        settings.dataMib(),
        settings.accessType().name(),
        settings.fsType(),
        settings.parameters(),
        settings.pageSize(),
        settings.listPasses(),
        profile.nodeId(),
        target.rpcTimeout().toMillis() / 1000.0,
        seed,
        target.launch());
  }
}
