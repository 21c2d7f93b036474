package dev.simebs.bench.report;

import dev.simebs.bench.stats.LatencySummary;
import dev.simebs.bench.stats.PhaseSummary;
import dev.simebs.bench.stats.StepSummary;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The human-readable summary: per phase, one line per step in the order the unit makes them
 * (so a lifecycle reads as its per-step breakdown, with each step's share of the cycle), then
 * errors by code, the driver's footprint and the headline.
 */
public final class SummaryTable {

  private static final String ROW = "%-30s %8s %7s %9s %9s %9s %9s %9s %9s %6s%n";

  public String render(BenchResult result) {
    StringBuilder out = new StringBuilder();
    BenchResult.RunSettings s = result.settings();
    out.append(
        format(
            "scenario %s  volumes %d  concurrency %d  size %d bytes  access %s  driver %s %s%n",
            s.scenario(), s.volumes(), s.concurrency(), s.sizeBytes(), s.accessType(),
            result.driver().pluginName(), result.driver().vendorVersion()));
    for (PhaseSummary phase : result.phases()) {
      out.append(
          format(
              "%nphase %s: %d units, %d failed, %.2f s, %.1f units/s%n",
              phase.name(), phase.units(), phase.failedUnits(), phase.wallSeconds(),
              phase.unitsPerSecond()));
      out.append(format(ROW, "step", "count", "errors", "ops/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "ms/unit", "%unit"));
      for (StepSummary step : phase.steps()) {
        out.append(row(step.name(), step.count(), step.errors(), step.opsPerSecond(), step.latency(), step.perUnitMs(), step.shareOfUnit()));
      }
      out.append(row("(unit)", phase.units(), phase.failedUnits(), phase.unitsPerSecond(), phase.unit(), phase.unit().meanMs(), 1));
      for (StepSummary step : phase.steps()) {
        if (!step.errorsByCode().isEmpty()) {
          out.append(format("  errors in %s: %s%n", step.name(), codes(step.errorsByCode())));
        }
      }
    }
    BenchResult.Footprint f = result.footprint();
    out.append(
        format(
            "%ndriver process (%s, pid %d): probe-ready %s, idle RSS %s, peak RSS %s, CPU during run %s%n",
            f.source(), f.pid(),
            f.probeReadyMs() == null
                ? "n/a"
                : format("%.0f ms (machine %.0f%% busy meanwhile)", f.probeReadyMs(), f.machineBusyDuringStartup() * 100),
            mib(f.idleRssKiB()), mib(f.peakRssKiB()),
            f.cpuSecondsDuringRun() == null ? "n/a" : format("%.2f s", f.cpuSecondsDuringRun())));
    BenchResult.Contention c = result.contention();
    if (c != null) {
      out.append(
          format(
              "machine busy %.0f%% over %.1f s: driver %.2f s CPU (%.2f ms per unit; %.2f ms with its child processes), tool %.2f s, other work %.2f s%n",
              c.busyFraction() * 100, c.wallSeconds(), c.driverCpuSeconds(), c.driverCpuMsPerUnit(),
              c.driverWithChildrenCpuMsPerUnit(), c.toolCpuSeconds(), c.otherCpuSeconds()));
    }
    BenchResult.Headline h = result.headline();
    if (h != null) {
      out.append(
          format(
              "headline %s/%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms, %.1f ops/s, %.1f units/s, %d failed units%n",
              h.phase(), h.step(), h.p50Ms(), h.p99Ms(), h.maxMs(), h.stepOpsPerSecond(),
              h.unitsPerSecond(), h.failedUnits()));
    }
    return out.toString();
  }

  private static String row(
      String name, long count, long errors, double ops, LatencySummary l, double perUnit, double share) {
    return format(
        ROW,
        name,
        count,
        errors,
        format("%.1f", ops),
        ms(l.p50Ms()),
        ms(l.p90Ms()),
        ms(l.p99Ms()),
        ms(l.maxMs()),
        ms(perUnit),
        format("%.0f%%", share * 100));
  }

  private static String ms(double value) {
    return format("%.2f", value);
  }

  private static String mib(Long kib) {
    return kib == null ? "n/a" : format("%.1f MiB", kib / 1024.0);
  }

  private static String codes(Map<String, Long> errors) {
    return errors.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
