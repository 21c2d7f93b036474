package dev.simebs.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.report.SampleResults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration of --compare, with a fake round runner standing in for launched drivers. */
class ComparisonTest {

  @TempDir Path work;

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final List<String> launches = new ArrayList<>();
  private final List<Path> roundDirs = new ArrayList<>();

  private final Contender a = Contender.parse("a=driver-a --endpoint {endpoint} --data {dir}/data");
  private final Contender b = Contender.parse("b=driver-b --endpoint {endpoint}");

  /** Each label's CreateVolume p50 per round (1-based index into the list). */
  private Comparison comparison(Map<String, List<Double>> p50ByLabel, int rounds) {
    return new Comparison(
        List.of(a, b),
        rounds,
        work,
        (slot, launch, roundDir) -> {
          launches.add(launch);
          roundDirs.add(roundDir);
          Files.createDirectories(roundDir.resolve("data"));
          Files.writeString(roundDir.resolve("data/volume.img"), "driver data");
          Double p50 = p50ByLabel.get(slot.contender().label()).get(slot.round() - 1);
          if (p50 == null) {
            throw new IllegalStateException("the driver exited before answering Probe");
          }
          return withP50(p50);
        },
        new PrintStream(progress, true));
  }

  private static BenchResult withP50(double p50) {
    BenchResult r = SampleResults.provision(16, p50);
    BenchResult.Headline h = r.headline();
    return new BenchResult(
        r.tool(), r.startedAt(), r.settings(), r.machine(), r.jvm(), r.driver(),
        new BenchResult.Footprint("launched", 99, "driver", 500.0, 0.5, (long) (p50 * 1024), 100L * 1024, 1.0, 2.0),
        r.contention(),
        new BenchResult.Headline(h.phase(), h.step(), p50, p50 * 2, p50 * 3, 100, 1000 / p50, 0),
        r.phases());
  }

  @Test
  void eachRoundLaunchesTheDriverInItsOwnFreshDirectoryWhichIsRemovedAfterwards() throws Exception {
    comparison(Map.of("a", List.of(10.0, 10.0), "b", List.of(5.0, 5.0)), 2).run();

    assertThat(roundDirs)
        .containsExactly(work.resolve("a-r1"), work.resolve("b-r1"), work.resolve("b-r2"), work.resolve("a-r2"));
    assertThat(launches.getFirst())
        .isEqualTo("driver-a --endpoint unix://" + work.resolve("a-r1/csi.sock") + " --data " + work.resolve("a-r1/data"));
    assertThat(roundDirs).noneMatch(Files::exists);
  }

  @Test
  void mediansOverRoundsAreComparedToTheFirstContender() throws Exception {
    Comparison c = comparison(Map.of("a", List.of(10.0, 30.0, 20.0), "b", List.of(5.0, 40.0, 5.0)), 3);

    List<ComparisonResult.MetricRow> rows = ComparisonSummary.rows(c.labels(), c.run());

    ComparisonResult.MetricRow p50 = row(rows, Metric.HEADLINE_P50);
    assertThat(p50.title()).isEqualTo("CreateVolume p50");
    assertThat(p50.byContender().get(0).median()).isEqualTo(20.0);
    assertThat(p50.byContender().get(0).rounds()).containsExactly(10.0, 30.0, 20.0);
    assertThat(p50.byContender().get(1).median()).isEqualTo(5.0);
    assertThat(p50.byContender().get(1).min()).isEqualTo(5.0);
    assertThat(p50.byContender().get(1).max()).isEqualTo(40.0);
    assertThat(p50.byContender().get(1).ratioToBaseline()).isEqualTo(0.25);
    assertThat(row(rows, Metric.UNITS_PER_SECOND).byContender().get(1).ratioToBaseline()).isEqualTo(4.0);
    assertThat(row(rows, Metric.STARTUP_CPU).byContender().get(0).median()).isEqualTo(1.0);
  }

  @Test
  void aFailedRoundIsReportedAndLeftOutWhileTheOthersGoOn() throws Exception {
    List<Double> bRounds = new ArrayList<>(List.of(8.0, 4.0));
    bRounds.set(0, null);
    Comparison c = comparison(Map.of("a", List.of(10.0, 10.0), "b", bRounds), 2);

    List<Comparison.RoundOutcome> outcomes = c.run();

    assertThat(outcomes).hasSize(4);
    assertThat(outcomes.get(1).error()).contains("exited before answering Probe");
    ComparisonResult.Values b = row(ComparisonSummary.rows(c.labels(), outcomes), Metric.HEADLINE_P50).byContender().get(1);
    assertThat(b.rounds()).containsExactly(4.0);
    assertThat(progress.toString()).contains("failed: the driver exited before answering Probe");
    assertThat(roundDirs).noneMatch(Files::exists);
  }

  @Test
  void theTableShowsMediansRangesAndRatios() throws Exception {
    Comparison c = comparison(Map.of("a", List.of(10.0, 30.0, 20.0), "b", List.of(5.0, 40.0, 5.0)), 3);
    List<Comparison.RoundOutcome> outcomes = c.run();
    ComparisonResult result =
        new ComparisonResult(
            "simebs-bench", "provision", "CreateVolume", c.labels(), 3, List.of(), ComparisonSummary.rows(c.labels(), outcomes));

    String table = new ComparisonTable().render(result);

    assertThat(table)
        .contains("b/a")
        .containsPattern("CreateVolume p50 +ms +lower +20\\.0 \\(10\\.0-30\\.0\\) +5\\.00 \\(5\\.00-40\\.0\\) +x0\\.25")
        .containsPattern("throughput +units/s +higher .* x4\\.00");
  }

  @Test
  void anEvenNumberOfValuesHasTheMeanOfTheMiddleTwoAsMedian() {
    assertThat(ComparisonSummary.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(ComparisonSummary.median(List.of())).isNull();
  }

  private static ComparisonResult.MetricRow row(List<ComparisonResult.MetricRow> rows, Metric metric) {
    return rows.stream().filter(r -> r.metric().equals(metric.name())).findFirst().orElseThrow();
  }

  @Test
  void removingARoundDirectoryDeletesTheDriversFiles() throws IOException {
    RoundDirectories directories = new RoundDirectories(work);
    Path round = directories.create(new RoundOrder.Slot(1, a));
    Files.writeString(Files.createDirectories(round.resolve("data/volumes")).resolve("v.img"), "x");

    assertThat(directories.remove(round)).isTrue();
    assertThat(round).doesNotExist();
  }

  @Test
  void removingARoundDirectoryNeverEntersAFileSystemMountedInsideIt() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs");
    RoundDirectories directories = new RoundDirectories(work);
    Path round = directories.create(new RoundOrder.Slot(1, a));
    Path mounted = Files.createDirectories(round.resolve("target/vol"));
    Files.writeString(round.resolve("driver.db"), "x");
    run("mount", "-t", "tmpfs", "-o", "size=1m", "bench-test", mounted.toString());
    try {
      Files.writeString(mounted.resolve("user-data"), "keep me");

      assertThat(directories.remove(round)).isFalse();

      assertThat(mounted.resolve("user-data")).hasContent("keep me");
      assertThat(round.resolve("driver.db")).doesNotExist();
    } finally {
      run("umount", mounted.toString());
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
  }
}
