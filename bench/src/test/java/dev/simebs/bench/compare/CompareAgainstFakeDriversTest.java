package dev.simebs.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simebs.bench.BenchCommand;
import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.report.JsonReport;
import dev.simebs.bench.run.FakeCsiDriverProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code simebs bench --compare} through its command line against two real driver processes (the
 * fake CSI driver in child JVMs): one that answers every CreateVolume and one that fails every
 * second one, so each round's result shows which driver it measured.
 */
class CompareAgainstFakeDriversTest {

  @TempDir Path dir;

  private final StringWriter stdout = new StringWriter();
  private final StringWriter stderr = new StringWriter();

  private int bench(String... args) {
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(stdout));
    cli.setErr(new PrintWriter(stderr));
    return cli.execute(args);
  }

  @Test
  void everyRoundLaunchesEachDriverAfreshAndTheComparisonHasTheirRatios() throws Exception {
    Path out = dir.resolve("out/cmp.json"); // its directory is made as needed
    Path work = dir.resolve("work");

    int exit =
        bench(
            "--compare", "good=" + FakeCsiDriverProcess.launchCommand(0),
            "--compare", "flaky=" + FakeCsiDriverProcess.launchCommand(2),
            "--rounds", "2",
            "--scenario", "provision",
            "--volumes", "4",
            "--concurrency", "2",
            "--progress", "off",
            "--work-dir", work.toString(),
            "--out", out.toString());

    assertThat(exit).as("flaky fails units, so the run reports failure").isEqualTo(1);
    ComparisonResult result =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(out.toFile(), ComparisonResult.class);
    assertThat(result.labels()).containsExactly("good", "flaky");
    assertThat(result.roundsRun())
        .extracting(r -> r.round() + r.label())
        .containsExactly("1good", "1flaky", "2flaky", "2good");
    assertThat(result.roundsRun()).allMatch(r -> r.error() == null);
    for (ComparisonResult.Round round : result.roundsRun()) {
      BenchResult r = new JsonReport().read(out.resolveSibling(round.resultFile()));
      assertThat(r.footprint().source()).isEqualTo("launched");
      assertThat(r.footprint().probeReadyMs()).isPositive();
      assertThat(r.headline().failedUnits()).isEqualTo(round.label().equals("flaky") ? 2 : 0);
      assertThat(out.resolveSibling("cmp-" + round.label() + "-r" + round.round() + ".driver.log")).exists();
    }
    ComparisonResult.MetricRow throughput =
        result.metrics().stream().filter(m -> m.metric().equals("UNITS_PER_SECOND")).findFirst().orElseThrow();
    assertThat(throughput.byContender()).extracting(ComparisonResult.Values::label).containsExactly("good", "flaky");
    assertThat(throughput.byContender().get(1).ratioToBaseline()).isNotNull();
    assertThat(stdout.toString()).contains("flaky/good").contains("CreateVolume p99");
    try (var left = Files.list(work)) {
      assertThat(left.toList()).as("round directories and empty mount directories are removed").isEmpty();
    }
  }

  @Test
  void compareLaunchesTheDriversItselfSoAnEndpointIsRefused() {
    int exit =
        bench("--compare", "a=" + FakeCsiDriverProcess.launchCommand(0), "--endpoint", "unix:///tmp/x.sock");

    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString()).contains("drop --endpoint");
  }

  @Test
  void twoContendersMayNotShareALabel() {
    int exit =
        bench(
            "--compare", "a=" + FakeCsiDriverProcess.launchCommand(0),
            "--compare", "a=" + FakeCsiDriverProcess.launchCommand(2),
            "--work-dir", dir.resolve("w").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(stderr.toString()).contains("own label");
  }
}
