package dev.simebs.bench.compare;

import java.util.List;

/**
 * What a comparison found: every round as it ran, and per metric each contender's values with
 * their median and its ratio to the first contender's (the baseline).
 *
 * @param labels the contenders in the order given; the first is the baseline of every ratio
 * @param headlineStep the step the scenario's latencies are about (e.g. CreateVolume)
 */
public record ComparisonResult(
    String tool,
    String scenario,
    String headlineStep,
    List<String> labels,
    int rounds,
    List<Round> roundsRun,
    List<MetricRow> metrics) {

  /**
   * One round of one contender, in the order run.
   *
   * @param resultFile the round's full result (JSON), or null when it was not written
   * @param error why the round produced no result, or null
   * @param loadAverage the machine's load average when the round started
   * @param otherCpuSeconds CPU time other work took on the machine while the round's load ran
   */
  public record Round(
      int round,
      String label,
      String resultFile,
      String error,
      String loadAverage,
      Double otherCpuSeconds,
      Long failedUnits) {}

  /** One metric across contenders. */
  public record MetricRow(
      String metric, String title, String unit, boolean higherIsBetter, List<Values> byContender) {}

  /**
   * One contender's values of a metric.
   *
   * @param rounds the value of every round that had one, in round order
   * @param ratioToBaseline this median over the baseline's median, or null without both
   */
  public record Values(
      String label, List<Double> rounds, Double median, Double min, Double max, Double ratioToBaseline) {}
}
