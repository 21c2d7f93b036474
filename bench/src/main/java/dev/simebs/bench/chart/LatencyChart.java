package dev.simebs.bench.chart;

import dev.simebs.bench.report.BenchResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * its headline step's p50 and p99 against the run's concurrency, panels side by side in one PNG.
 */
public final class LatencyChart {

  /** One panel: the points of one scenario, ordered by concurrency. */
  record Panel(String title, String step, List<Point> points) {}

  /** One run's headline latency at its concurrency. */
  record Point(int concurrency, double p50Ms, double p99Ms) {}

  private final int panelWidth;
  private final int panelHeight;

  public LatencyChart(int panelWidth, int panelHeight) {
    this.panelWidth = panelWidth;
    this.panelHeight = panelHeight;
  }

  /** Groups runs into panels; runs without a headline (nothing measured) are left out. */
  static List<Panel> panels(List<BenchResult> results) {
    Map<String, List<BenchResult>> byScenario = new TreeMap<>();
    for (BenchResult r : results) {
      if (r.headline() != null && r.headline().p50Ms() > 0) {
        byScenario.computeIfAbsent(title(r), k -> new ArrayList<>()).add(r);
      }
    }
    List<Panel> panels = new ArrayList<>();
    byScenario.forEach(
        (title, runs) ->
            panels.add(
                new Panel(
                    title,
                    runs.getFirst().headline().step(),
                    runs.stream()
                        .map(r -> new Point(r.settings().concurrency(), r.headline().p50Ms(), r.headline().p99Ms()))
                        .sorted(Comparator.comparingInt(Point::concurrency))
                        .toList())));
    return panels;
  }

  private static String title(BenchResult r) {
    String scenario = r.settings().scenario();
    return "provision".equals(scenario) || "list".equals(scenario) || "attach".equals(scenario)
        ? scenario
        : scenario + " (" + r.settings().accessType() + ")";
  }

  public void write(List<BenchResult> results, Path png) throws IOException {
    List<Panel> panels = panels(results);
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
    double[] x = panel.points().stream().mapToDouble(Point::concurrency).toArray();
    chart.addSeries("p50", x, panel.points().stream().mapToDouble(Point::p50Ms).toArray())
        .setMarker(SeriesMarkers.CIRCLE);
    chart.addSeries("p99", x, panel.points().stream().mapToDouble(Point::p99Ms).toArray())
        .setMarker(SeriesMarkers.DIAMOND);
    return chart;
  }
}
