package dev.simebs.bench.stats;

import java.util.Map;
import java.util.TreeMap;

/** What happened to one step (an RPC, or a named span such as a whole cycle): latencies and errors. */
final class StepStats {

  private final String name;
  private final StepKind kind;
  private final SampleLog latencies = new SampleLog();
  private final Map<String, Long> errors = new TreeMap<>();

  StepStats(String name, StepKind kind) {
    this.name = name;
    this.kind = kind;
  }

  void succeeded(long nanos) {
    latencies.add(nanos);
  }

  synchronized void failed(String code) {
    errors.merge(code, 1L, Long::sum);
  }

  synchronized StepSummary summarise(double wallSeconds, LatencySummary unit, long units) {
    LatencySummary latency = Percentiles.summarise(latencies.snapshot());
    long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
    double opsPerSecond = wallSeconds > 0 ? latency.samples() / wallSeconds : 0;
    // Mean time this step adds to one unit of work: what the per-step breakdown shows.
    double perUnitMs = units > 0 ? latency.meanMs() * latency.samples() / units : 0;
    double share = unit.meanMs() > 0 ? perUnitMs / unit.meanMs() : 0;
    return new StepSummary(
        name,
        kind,
        latency.samples() + errorCount,
        latency.samples(),
        errorCount,
        new TreeMap<>(errors),
        opsPerSecond,
        latency,
        perUnitMs,
        share);
  }
}
