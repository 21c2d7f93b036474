package dev.simebs.bench.chart;

import dev.simebs.bench.report.JsonReport;
import dev.simebs.common.cli.LoggingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simebs bench chart}: latency versus concurrency, as a PNG, from several runs' JSON. */
@Command(
    name = "chart",
    mixinStandardHelpOptions = true,
    description = "Draw p50/p99 latency versus concurrency per scenario from results JSON files.")
public final class ChartCommand implements Callable<Integer> {

  @Mixin LoggingOptions logging;

  @Option(
      names = "--in",
      required = true,
      description = "A results JSON file, or LABEL=FILE to draw it under a label (a driver set-up); repeatable.")
  List<String> inputs;

  @Option(names = "--out", required = true, description = "The PNG to write.")
  Path out;

  @Option(names = "--panel-width", defaultValue = "640", description = "Width of each scenario's panel in pixels. Default: ${DEFAULT-VALUE}")
  int panelWidth;

  @Option(names = "--panel-height", defaultValue = "420", description = "Height in pixels. Default: ${DEFAULT-VALUE}")
  int panelHeight;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    System.setProperty("java.awt.headless", "true");
    JsonReport json = new JsonReport();
    List<LatencyChart.Labelled> results = new ArrayList<>();
    for (String input : inputs) {
      int eq = input.indexOf('=');
      String label = eq < 0 ? "" : input.substring(0, eq);
      results.add(new LatencyChart.Labelled(label, json.read(Path.of(input.substring(eq + 1)))));
    }
    new LatencyChart(panelWidth, panelHeight).write(results, out);
    System.out.println("chart: " + out);
    return 0;
  }
}
