package dev.simebs.bench.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the steps and units of one phase from many worker threads. Steps keep the order in
 * which they were first seen, so a lifecycle's breakdown reads in cycle order.
 */
public final class PhaseStats {

  private final Map<String, StepStats> steps = new LinkedHashMap<>();
  private final SampleLog units = new SampleLog();
  private final Map<String, Long> unitErrors = new TreeMap<>();

  public void succeeded(String step, StepKind kind, long nanos) {
    step(step, kind).succeeded(nanos);
  }

  public void failed(String step, StepKind kind, String code) {
    step(step, kind).failed(code);
  }

  public void unitSucceeded(long nanos) {
    units.add(nanos);
  }

  public synchronized void unitFailed(String code) {
    unitErrors.merge(code, 1L, Long::sum);
  }

  public synchronized long failedUnits() {
    return unitErrors.values().stream().mapToLong(Long::longValue).sum();
  }

  private synchronized StepStats step(String name, StepKind kind) {
    return steps.computeIfAbsent(name, n -> new StepStats(n, kind));
  }

  public synchronized PhaseSummary summarise(String name, double wallSeconds) {
    LatencySummary unit = Percentiles.summarise(units.snapshot());
    long failed = failedUnits();
    long attempted = unit.samples() + failed;
    List<StepSummary> summaries = new ArrayList<>();
    for (StepStats step : steps.values()) {
      summaries.add(step.summarise(wallSeconds, unit, attempted));
    }
    return new PhaseSummary(
        name,
        attempted,
        failed,
        wallSeconds,
        wallSeconds > 0 ? unit.samples() / wallSeconds : 0,
        unit,
        new TreeMap<>(unitErrors),
        summaries);
  }
}
