package dev.simebs.bench.chart;

import dev.simebs.bench.report.BenchResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Latency versus concurrency from several runs' JSON: one panel per scenario (and access type),
 * its headline step's p50 and p99 against the run's concurrency, one pair of lines per label (a
 * driver set-up, say "as shipped" and "C1"), panels side by side in one PNG.
 */
public final class LatencyChart {

  /** A run's result and the label its lines are drawn under ("" for none). */
  public record Labelled(String label, BenchResult result) {}

  /** One panel: per label, the points of one scenario ordered by concurrency. */
  record Panel(String title, String step, Map<String, List<Point>> series) {}

  /** One run's headline latency at its concurrency. */
  record Point(int concurrency, double p50Ms, double p99Ms) {}

  private final int panelWidth;
  private final int panelHeight;

  public LatencyChart(int panelWidth, int panelHeight) {
    this.panelWidth = panelWidth;
    this.panelHeight = panelHeight;
  }

  /** Groups runs into panels; runs without a headline (nothing measured) are left out. */
  static List<Panel> panels(List<Labelled> runs) {
    Map<String, List<Labelled>> byScenario = new TreeMap<>();
    for (Labelled run : runs) {
      BenchResult r = run.result();
      if (r.headline() != null && r.headline().p50Ms() > 0) {
        byScenario.computeIfAbsent(title(r), k -> new ArrayList<>()).add(run);
      }
    }
    List<Panel> panels = new ArrayList<>();
    byScenario.forEach(
        (title, scenarioRuns) -> {
          Map<String, List<Point>> series = new LinkedHashMap<>();
          for (Labelled run : scenarioRuns) {
            BenchResult r = run.result();
            series
                .computeIfAbsent(run.label(), k -> new ArrayList<>())
                .add(new Point(r.settings().concurrency(), r.headline().p50Ms(), r.headline().p99Ms()));
          }
          series.values().forEach(points -> points.sort(Comparator.comparingInt(Point::concurrency)));
          panels.add(new Panel(title, scenarioRuns.getFirst().result().headline().step(), series));
        });
    return panels;
  }

  private static String title(BenchResult r) {
    String scenario = r.settings().scenario();
    return "provision".equals(scenario) || "list".equals(scenario) || "attach".equals(scenario)
        ? scenario
        : scenario + " (" + r.settings().accessType() + ")";
  }

  public void write(List<Labelled> runs, Path png) throws IOException {
    List<Panel> panels = panels(runs);
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("no run in the inputs has a headline latency to plot");
    }
    BufferedImage image =
        new BufferedImage(panelWidth * panels.size(), panelHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < panels.size(); i++) {
        g.drawImage(BitmapEncoder.getBufferedImage(chart(panels.get(i))), i * panelWidth, 0, null);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private XYChart chart(Panel panel) {
    XYChart chart =
        new XYChartBuilder()
            .width(panelWidth)
            .height(panelHeight)
            .title(panel.title() + ": " + ("unit".equals(panel.step()) ? "whole cycle" : panel.step()))
            .xAxisTitle("concurrency")
            .yAxisTitle("latency (ms)")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    panel
        .series()
        .forEach(
            (label, points) -> {
              String suffix = label.isEmpty() ? "" : " " + label;
              double[] x = points.stream().mapToDouble(Point::concurrency).toArray();
              chart
                  .addSeries("p50" + suffix, x, points.stream().mapToDouble(Point::p50Ms).toArray())
                  .setMarker(SeriesMarkers.CIRCLE);
              chart
                  .addSeries("p99" + suffix, x, points.stream().mapToDouble(Point::p99Ms).toArray())
                  .setMarker(SeriesMarkers.DIAMOND);
            });
    return chart;
  }
}
