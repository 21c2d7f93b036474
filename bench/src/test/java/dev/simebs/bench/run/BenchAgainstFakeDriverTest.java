package dev.simebs.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.bench.BenchCommand;
import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.report.JsonReport;
import dev.simebs.bench.stats.PhaseSummary;
import dev.simebs.bench.stats.StepSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole tool, through its command line, against a small fake driver on a unix socket. */
class BenchAgainstFakeDriverTest {

  @TempDir Path dir;

  private FakeCsiDriver driver;
  private final StringWriter stdout = new StringWriter();
  private int exitCode;

  private void startDriver(int failEveryNthCreate) throws Exception {
    driver = new FakeCsiDriver(dir.resolve("csi.sock"), Files.createDirectories(dir.resolve("data")), failEveryNthCreate);
  }

  @AfterEach
  void stopDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  private BenchResult bench(String scenario, String... extra) throws Exception {
    Path out = dir.resolve(scenario + ".json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--endpoint", "unix://" + dir.resolve("csi.sock"),
                "--scenario", scenario,
                "--volumes", "6",
                "--concurrency", "2",
                "--size", "1Gi",
                "--data-mib", "1",
                "--progress", "off",
                "--staging-dir", dir.resolve("staging").toString(),
                "--target-dir", dir.resolve("target").toString(),
                "--out", out.toString()));
    args.addAll(List.of(extra));
    CommandLine cli = new CommandLine(new BenchCommand()).setOverwrittenOptionsAllowed(true);
    cli.setOut(new PrintWriter(stdout));
    exitCode = cli.execute(args.toArray(String[]::new));
    return new JsonReport().read(out);
  }

  private static PhaseSummary run(BenchResult result) {
    return result.phase("run");
  }

  private static StepSummary step(PhaseSummary phase, String name) {
    return phase.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void provisionCountsEveryCallAndInjectedErrorsByCode() throws Exception {
    startDriver(3);

    BenchResult result = bench("provision");

    StepSummary create = step(run(result), "CreateVolume");
    assertThat(create.count()).isEqualTo(6);
    assertThat(create.errorsByCode()).containsEntry("RESOURCE_EXHAUSTED", 2L);
    assertThat(step(run(result), "DeleteVolume").ok()).isEqualTo(4);
    assertThat(run(result).failedUnits()).isEqualTo(2);
    assertThat(run(result).unitErrorsByCode()).containsEntry("RESOURCE_EXHAUSTED", 2L);
    assertThat(exitCode).isEqualTo(1);
    assertThat(driver.volumeCount()).isZero();
  }

  @Test
  void aDriverThatCannotTellItsVersionIsStillMeasured() throws Exception {
    driver =
        new FakeCsiDriver(dir.resolve("csi.sock"), Files.createDirectories(dir.resolve("data")), 0, false);

    BenchResult result = bench("provision");

    assertThat(exitCode).isZero();
    assertThat(result.driver().pluginName()).isEqualTo("unknown");
    assertThat(result.driver().vendorVersion()).contains("UNAVAILABLE").contains("missing version");
    assertThat(step(run(result), "CreateVolume").ok()).isEqualTo(6);
  }

  @Test
  void lifecycleBreakdownFollowsTheCycleInOrder() throws Exception {
    startDriver(0);

    BenchResult result = bench("lifecycle");

    assertThat(exitCode).isZero();
    assertThat(run(result).steps())
        .extracting(StepSummary::name)
        .containsExactly(
            "CreateVolume", "ControllerPublishVolume", "NodeStageVolume", "NodePublishVolume",
            "NodeUnpublishVolume", "NodeUnstageVolume", "ControllerUnpublishVolume", "DeleteVolume");
    assertThat(run(result).steps()).allSatisfy(s -> assertThat(s.ok()).isEqualTo(6));
    assertThat(result.headline().step()).isEqualTo("unit");
    assertThat(stdout.toString()).contains("NodeStageVolume").contains("headline run/unit");
  }

  @Test
  void snapshotRestoresWrittenDataAndVerifiesIt() throws Exception {
    startDriver(0);

    BenchResult result = bench("snapshot");

    assertThat(exitCode).isZero();
    assertThat(step(run(result), "verify data").ok()).isEqualTo(6);
    assertThat(step(run(result), "snapshot+restore").ok()).isEqualTo(6);
    assertThat(step(run(result), "CreateSnapshot").ok()).isEqualTo(6);
    assertThat(driver.volumeCount()).isZero();
    assertThat(driver.snapshotCount()).isZero();
  }

  @Test
  void snapshotOfBlockVolumesWritesTheDeviceItself() throws Exception {
    startDriver(0);

    // The fake "device" is a directory, so writing it fails: the error is the tool's, by class.
    BenchResult result = bench("snapshot", "--access-type", "block");

    assertThat(step(run(result), "write data").errorsByCode()).containsOnlyKeys("CLIENT_FileSystemException");
    assertThat(driver.volumeCount()).isZero();
  }

  @Test
  void expandCallsNodeExpandWhenTheControllerAsksForIt() throws Exception {
    startDriver(0);

    BenchResult result = bench("expand");

    assertThat(step(run(result), "ControllerExpandVolume").ok()).isEqualTo(6);
    assertThat(step(run(result), "NodeExpandVolume").ok()).isEqualTo(6);
  }

  @Test
  void listPagesThroughEveryVolumeAndSnapshotThenCleansUp() throws Exception {
    startDriver(0);

    BenchResult result = bench("list", "--page-size", "4", "--list-passes", "2");

    assertThat(result.phases()).extracting(PhaseSummary::name).containsExactly("populate", "run", "cleanup");
    // 6 volumes in pages of 4: two pages per pass, two passes.
    assertThat(step(run(result), "ListVolumes").ok()).isEqualTo(4);
    assertThat(step(run(result), "ListSnapshots").ok()).isEqualTo(4);
    assertThat(run(result).failedUnits()).isZero();
    assertThat(driver.volumeCount()).isZero();
    assertThat(driver.snapshotCount()).isZero();
  }

  @Test
  void warmUpUnitsRunFirstAndStayOutOfTheMainPhase() throws Exception {
    startDriver(0);

    BenchResult result = bench("provision", "--warmup", "4");

    assertThat(result.phases()).extracting(PhaseSummary::name).containsExactly("warmup", "run");
    assertThat(step(result.phase("warmup"), "CreateVolume").ok()).isEqualTo(4);
    assertThat(step(run(result), "CreateVolume").ok()).isEqualTo(6);
    assertThat(driver.volumeCount()).isZero();
  }

  @Test
  void withoutAnEndpointTheRunIsAUsageError() {
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setErr(new PrintWriter(new StringWriter()));

    assertThat(cli.execute("--scenario", "provision")).isEqualTo(2);
  }

  @Test
  void attachPublishesAndUnpublishesEachVolume() throws Exception {
    startDriver(0);

    BenchResult result = bench("attach");

    assertThat(step(run(result), "ControllerPublishVolume").ok()).isEqualTo(6);
    assertThat(step(run(result), "ControllerUnpublishVolume").ok()).isEqualTo(6);
    assertThat(result.settings().nodeId()).isEqualTo("fake-node");
  }

  @Test
  void mixedRunsEveryUnitAndLeavesNothingBehind() throws Exception {
    startDriver(0);

    BenchResult result = bench("mixed", "--volumes", "20", "--seed", "7");

    assertThat(run(result).units()).isEqualTo(20);
    assertThat(run(result).failedUnits()).isZero();
    assertThat(driver.volumeCount()).isZero();
  }

  @Test
  void resultsRecordSettingsMachineAndThisProcessAsTheDriver() throws Exception {
    startDriver(0);

    BenchResult result = bench("provision");

    assertThat(result.settings().concurrency()).isEqualTo(2);
    assertThat(result.settings().sizeBytes()).isEqualTo(1L << 30);
    assertThat(result.machine().cores()).isPositive();
    assertThat(result.footprint().source()).isEqualTo("self");
    assertThat(result.footprint().pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(result.footprint().peakRssKiB()).isPositive();
    assertThat(result.driver().pluginName()).isEqualTo("ebs.csi.simebs.dev");
    assertThat(dir.resolve("provision.csv")).exists();
  }

  @Test
  void stagingAndTargetDirectoriesAreLeftEmpty() throws Exception {
    startDriver(0);

    bench("lifecycle");

    try (var left = Files.list(dir.resolve("target"))) {
      assertThat(left).isEmpty();
    }
    try (var left = Files.list(dir.resolve("staging"))) {
      assertThat(left).isEmpty();
    }
  }
}
