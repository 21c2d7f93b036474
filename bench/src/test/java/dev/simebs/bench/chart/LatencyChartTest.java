package dev.simebs.bench.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.bench.report.JsonReport;
import dev.simebs.bench.report.SampleResults;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyChartTest {

  private final List<LatencyChart.Labelled> runs =
      Stream.of(
              SampleResults.provision(16, 9.0),
              SampleResults.provision(1, 2.0),
              SampleResults.lifecycle(4, 70),
              SampleResults.provision(4, 4.0),
              SampleResults.lifecycle(1, 50))
          .map(r -> new LatencyChart.Labelled("", r))
          .toList();

  @Test
  void oneScenarioPerPanelWithPointsOrderedByConcurrency() {
    List<LatencyChart.Panel> panels = LatencyChart.panels(runs);

    assertThat(panels).extracting(LatencyChart.Panel::title).containsExactly("lifecycle (mount)", "provision");
    assertThat(panels.get(1).series().get("")).extracting(LatencyChart.Point::concurrency).containsExactly(1, 4, 16);
    assertThat(panels.get(0).step()).isEqualTo("unit");
  }

  @Test
  void pointsCarryTheHeadlineP50AndP99() {
    LatencyChart.Point point = LatencyChart.panels(runs).get(0).series().get("").getFirst();

    assertThat(point.p50Ms()).isEqualTo(50.0);
    assertThat(point.p99Ms()).isEqualTo(50.0);
  }

  @Test
  void eachLabelIsItsOwnSeriesInTheScenariosPanel() {
    List<LatencyChart.Panel> panels =
        LatencyChart.panels(
            List.of(
                new LatencyChart.Labelled("as shipped", SampleResults.provision(4, 9.0)),
                new LatencyChart.Labelled("C1", SampleResults.provision(4, 3.0)),
                new LatencyChart.Labelled("as shipped", SampleResults.provision(1, 5.0))));

    assertThat(panels).hasSize(1);
    assertThat(panels.getFirst().series()).containsOnlyKeys("as shipped", "C1");
    assertThat(panels.getFirst().series().get("as shipped"))
        .extracting(LatencyChart.Point::concurrency)
        .containsExactly(1, 4);
  }

  @Test
  void writesAPngWithOnePanelPerScenario(@TempDir Path dir) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path png = dir.resolve("latency.png");

    new LatencyChart(320, 200).write(runs, png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(200);
  }

  @Test
  void benchChartReadsJsonFilesWithoutAnEndpoint(@TempDir Path dir) throws Exception {
    JsonReport json = new JsonReport();
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    json.write(runs.get(0).result(), a);
    json.write(runs.get(1).result(), b);
    Path png = dir.resolve("out.png");

    int exit =
        new picocli.CommandLine(new dev.simebs.bench.BenchCommand())
            .execute("chart", "--in", "first=" + a, "--in", b.toString(), "--out", png.toString());

    assertThat(exit).isZero();
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(640);
  }
}
