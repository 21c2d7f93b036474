package dev.simebs.bench.report;

import dev.simebs.bench.stats.LatencySummary;
import dev.simebs.bench.stats.PhaseSummary;
import dev.simebs.bench.stats.StepSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One CSV row per step of every phase (plus one for the phase's whole unit), each row carrying
 * the run's settings and machine so rows from many runs can be concatenated and compared.
 */
public final class CsvReport {

  static final List<String> HEADER =
      List.of(
          "scenario", "phase", "step", "kind", "count", "ok", "errors", "errors_by_code",
          "ops_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms", "share_of_unit",
          "volumes", "concurrency", "size_bytes", "data_mib", "access_type", "plugin",
          "cores", "memory_kib", "kernel", "jvm", "machine_busy", "other_cpu_s",
          "driver_cpu_ms_per_unit");

  public void write(BenchResult result, Path file) throws IOException {
    Files.writeString(file, render(result));
  }

  public String render(BenchResult result) {
    StringBuilder out = new StringBuilder(String.join(",", HEADER)).append('\n');
    for (PhaseSummary phase : result.phases()) {
      StepSummary unit =
          new StepSummary(
              "unit",
              dev.simebs.bench.stats.StepKind.span,
              phase.units(),
              phase.units() - phase.failedUnits(),
              phase.failedUnits(),
              phase.unitErrorsByCode(),
              phase.unitsPerSecond(),
              phase.unit(),
              phase.unit().meanMs(),
              1.0);
      out.append(row(result, phase, unit)).append('\n');
      for (StepSummary step : phase.steps()) {
        out.append(row(result, phase, step)).append('\n');
      }
    }
    return out.toString();
  }

  private static String row(BenchResult result, PhaseSummary phase, StepSummary step) {
    BenchResult.RunSettings s = result.settings();
    LatencySummary l = step.latency();
    List<String> cells = new ArrayList<>();
    cells.add(s.scenario());
    cells.add(phase.name());
    cells.add(step.name());
    cells.add(step.kind().name());
    cells.add(Long.toString(step.count()));
    cells.add(Long.toString(step.ok()));
    cells.add(Long.toString(step.errors()));
    cells.add(codes(step.errorsByCode()));
    cells.add(number(step.opsPerSecond()));
    cells.add(number(l.p50Ms()));
    cells.add(number(l.p90Ms()));
    cells.add(number(l.p99Ms()));
    cells.add(number(l.maxMs()));
    cells.add(number(l.meanMs()));
    cells.add(number(step.shareOfUnit()));
    cells.add(Integer.toString(s.volumes()));
    cells.add(Integer.toString(s.concurrency()));
    cells.add(Long.toString(s.sizeBytes()));
    cells.add(Integer.toString(s.dataMib()));
    cells.add(s.accessType());
    cells.add(result.driver().pluginName());
    cells.add(Integer.toString(result.machine().cores()));
    cells.add(Long.toString(result.machine().memoryKiB()));
    cells.add(result.machine().kernel());
    cells.add(result.jvm().version());
    BenchResult.Contention c = result.contention();
    cells.add(c == null ? "" : number(c.busyFraction()));
    cells.add(c == null ? "" : number(c.otherCpuSeconds()));
    cells.add(c == null ? "" : number(c.driverCpuMsPerUnit()));
    return cells.stream().map(CsvReport::quote).collect(Collectors.joining(","));
  }

  private static String codes(Map<String, Long> errors) {
    return errors.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";"));
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /** RFC 4180: quote a cell holding a comma, quote or line break, doubling inner quotes. */
  static String quote(String cell) {
    if (cell == null) {
      return "";
    }
    if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }
}
