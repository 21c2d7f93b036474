package dev.simebs.bench.compare;

import dev.simebs.bench.report.BenchResult;
import java.util.function.Function;

/** A number read from each round's result and compared between contenders. */
public enum Metric {
  HEADLINE_P50("p50", "ms", false, r -> r.headline() == null ? null : r.headline().p50Ms()),
  HEADLINE_P99("p99", "ms", false, r -> r.headline() == null ? null : r.headline().p99Ms()),
  UNITS_PER_SECOND("throughput", "units/s", true, r -> r.headline() == null ? null : r.headline().unitsPerSecond()),
  DRIVER_CPU_PER_UNIT(
      "driver CPU per unit", "ms", false,
      r -> r.headline() == null || r.contention() == null ? null : r.contention().driverCpuMsPerUnit()),
  DRIVER_WITH_CHILDREN_CPU_PER_UNIT(
      "driver CPU per unit, with tools", "ms", false,
      r -> r.headline() == null || r.contention() == null ? null : r.contention().driverWithChildrenCpuMsPerUnit()),
  PROBE_READY("probe-ready", "ms", false, r -> r.footprint().probeReadyMs()),
  STARTUP_CPU("driver CPU to start", "s", false, Metric::startupCpuSeconds),
  IDLE_RSS("idle RSS", "MiB", false, r -> mib(r.footprint().idleRssKiB())),
  PEAK_RSS("peak RSS", "MiB", false, r -> mib(r.footprint().peakRssKiB()));

  private final String title;
  private final String unit;
  private final boolean higherIsBetter;
  private final Function<BenchResult, Double> reader;

  Metric(String title, String unit, boolean higherIsBetter, Function<BenchResult, Double> reader) {
    this.title = title;
    this.unit = unit;
    this.higherIsBetter = higherIsBetter;
    this.reader = reader;
  }

  /** The metric's name in tables, naming the scenario's headline step where it is about it. */
  public String title(String headlineStep) {
    return switch (this) {
      case HEADLINE_P50, HEADLINE_P99 -> headlineStep + " " + title;
      default -> title;
    };
  }

  public String unit() {
    return unit;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The value in one round's result, or null when that result has none (e.g. no launched driver). */
  public Double of(BenchResult result) {
    return reader.apply(result);
  }

  /** CPU the driver used from its start to its first ready Probe (and the tool's few set-up calls). */
  private static Double startupCpuSeconds(BenchResult r) {
    BenchResult.Footprint f = r.footprint();
    if (f.probeReadyMs() == null || f.cpuSecondsTotal() == null || f.cpuSecondsDuringRun() == null) {
      return null;
    }
    return f.cpuSecondsTotal() - f.cpuSecondsDuringRun();
  }

  private static Double mib(Long kib) {
    return kib == null ? null : kib / 1024.0;
  }
}
