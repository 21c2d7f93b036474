package dev.simebs.bench.compare;

import dev.simebs.bench.report.BenchResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the rounds' results into one row per metric: each contender's values, their median, and
 * the median's ratio to the first contender's. Medians, because a shared machine makes single
 * rounds noisy and the median ignores one disturbed round.
 */
public final class ComparisonSummary {

  private ComparisonSummary() {}

  /** Round outcomes in the order run; those without a result count for nothing. */
  public static List<ComparisonResult.MetricRow> rows(
      List<String> labels, List<Comparison.RoundOutcome> outcomes) {
    Map<String, List<BenchResult>> byLabel = new LinkedHashMap<>();
    labels.forEach(label -> byLabel.put(label, new ArrayList<>()));
    outcomes.stream()
        .filter(o -> o.result() != null)
        .sorted(Comparator.comparingInt(o -> o.slot().round()))
        .forEach(o -> byLabel.get(o.slot().contender().label()).add(o.result()));
    String step = headlineStep(outcomes);
    List<ComparisonResult.MetricRow> rows = new ArrayList<>();
    for (Metric metric : Metric.values()) {
      List<ComparisonResult.Values> values = new ArrayList<>();
      Double baseline = null;
      for (Map.Entry<String, List<BenchResult>> entry : byLabel.entrySet()) {
        List<Double> rounds = entry.getValue().stream().map(metric::of).filter(Objects::nonNull).toList();
        Double median = median(rounds);
        if (values.isEmpty()) {
          baseline = median;
        }
        values.add(
            new ComparisonResult.Values(
                entry.getKey(),
                rounds,
                median,
                rounds.stream().min(Double::compare).orElse(null),
                rounds.stream().max(Double::compare).orElse(null),
                ratio(median, baseline)));
      }
      if (values.stream().anyMatch(v -> v.median() != null)) {
        rows.add(
            new ComparisonResult.MetricRow(
                metric.name(), metric.title(step), metric.unit(), metric.higherIsBetter(), values));
      }
    }
    return rows;
  }

  /** The headline step of the first round that has one ("none" for a run without load). */
  static String headlineStep(List<Comparison.RoundOutcome> outcomes) {
    return outcomes.stream()
        .map(Comparison.RoundOutcome::result)
        .filter(r -> r != null && r.headline() != null)
        .map(r -> r.headline().step())
        .findFirst()
        .orElse("none");
  }

  /** The middle value, or the mean of the two middle values; null for none. */
  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  private static Double ratio(Double value, Double baseline) {
    return value == null || baseline == null || baseline == 0 ? null : value / baseline;
  }
}
