package dev.simebs.bench.compare;

import java.util.List;
import java.util.Locale;

/**
 * The comparison as text: one line per metric, each contender's median with the range over its
 * rounds, then every other contender's ratio to the first (the baseline): {@code x0.50} on a
 * latency means half the baseline's.
 */
public final class ComparisonTable {

  public String render(ComparisonResult result) {
    List<String> labels = result.labels();
    String baseline = labels.getFirst();
    StringBuilder out = new StringBuilder();
    out.append(
        format(
            "%ncomparison: scenario %s, %d round(s), each driver freshly started per round; medians over rounds (min-max)%n",
            result.scenario(), result.rounds()));
    StringBuilder header = new StringBuilder(format("%-28s %-8s %-7s", "metric", "unit", "better"));
    labels.forEach(label -> header.append(format(" %26s", label)));
    labels.stream().skip(1).forEach(label -> header.append(format(" %14s", label + "/" + baseline)));
    out.append(header).append('\n');
    for (ComparisonResult.MetricRow row : result.metrics()) {
      StringBuilder line =
          new StringBuilder(format("%-28s %-8s %-7s", row.title(), row.unit(), row.higherIsBetter() ? "higher" : "lower"));
      row.byContender().forEach(v -> line.append(format(" %26s", cell(v))));
      row.byContender().stream().skip(1).forEach(v -> line.append(format(" %14s", ratio(v.ratioToBaseline()))));
      out.append(line).append('\n');
    }
    long failed = result.roundsRun().stream().filter(r -> r.error() != null).count();
    if (failed > 0) {
      out.append(format("%d round(s) failed and are left out:%n", failed));
      result.roundsRun().stream()
          .filter(r -> r.error() != null)
          .forEach(r -> out.append(format("  round %d %s: %s%n", r.round(), r.label(), r.error())));
    }
    return out.toString();
  }

  private static String cell(ComparisonResult.Values v) {
    if (v.median() == null) {
      return "n/a";
    }
    return v.rounds().size() == 1
        ? number(v.median())
        : format("%s (%s-%s)", number(v.median()), number(v.min()), number(v.max()));
  }

  private static String ratio(Double ratio) {
    return ratio == null ? "n/a" : format("x%.2f", ratio);
  }

  /** Three significant digits or so: 0.123, 12.3, 1234. */
  private static String number(double value) {
    double magnitude = Math.abs(value);
    return magnitude >= 100 ? format("%.0f", value) : magnitude >= 10 ? format("%.1f", value) : format("%.2f", value);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
