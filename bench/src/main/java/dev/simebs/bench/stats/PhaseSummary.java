package dev.simebs.bench.stats;

import java.util.List;
import java.util.Map;

/**
 * One phase of a run (for example populate, run, cleanup), summarised.
 *
 * @param units units of work attempted
 * @param unitsPerSecond successful units per second of wall time
 * @param unit latency of whole successful units (a provision pair, a lifecycle cycle …)
 * @param unitErrorsByCode why units failed, by the code of the step that failed them
 * @param steps every step in the order first seen
 */
public record PhaseSummary(
    String name,
    long units,
    long failedUnits,
    double wallSeconds,
    double unitsPerSecond,
    LatencySummary unit,
    Map<String, Long> unitErrorsByCode,
    List<StepSummary> steps) {

  /** The step of that name, or the unit itself for {@code "unit"}. */
  public LatencySummary latencyOf(String step) {
    if ("unit".equals(step)) {
      return unit;
    }
    return steps.stream()
        .filter(s -> s.name().equals(step))
        .map(StepSummary::latency)
        .findFirst()
        .orElse(LatencySummary.EMPTY);
  }
}
