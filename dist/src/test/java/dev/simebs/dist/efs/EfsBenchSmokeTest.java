package dev.simebs.dist.efs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.bench.BenchCommand;
import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.report.JsonReport;
import dev.simebs.bench.stats.PhaseSummary;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.dist.AllInOne;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench's efs scenario at tiny size against the all-in-one's EFS socket. No timing asserted. */
class EfsBenchSmokeTest {

  @TempDir Path dir;

  @Test
  void everyUnitOfTheEfsScenarioSucceeds() throws Exception {
    HostRequirements.assumeFuse();
    try (AllInOne driver = AllInOne.start(AllInOne.Config.of(
        new Endpoint.Unix(dir.resolve("csi.sock")), dir.resolve("data"), "bench-efs"))) {
      Path out = dir.resolve("efs.json");
      StringWriter stdout = new StringWriter();
      CommandLine cli = new CommandLine(new BenchCommand());
      cli.setOut(new PrintWriter(stdout));

      int exit = cli.execute(
          "--endpoint", driver.efsEndpoint().toString(),
          "--scenario", "efs",
          "--volumes", "2",
          "--concurrency", "2",
          "--data-mib", "1",
          "--seed", "1",
          "--progress", "off",
          "--param", "provisioningMode=efs-ap",
          "--param", "directoryPerms=700",
          "--param", "fileSystemId=" + driver.defaultFileSystemId().orElseThrow(),
          "--target-dir", dir.resolve("target").toString(),
          "--staging-dir", dir.resolve("staging").toString(),
          "--out", out.toString());

      BenchResult result = new JsonReport().read(out);
      assertThat(exit).as(stdout.toString()).isZero();
      assertThat(result.phases()).allSatisfy(phase -> assertThat(phase.failedUnits()).isZero());
      assertThat(result.phases().stream().mapToLong(PhaseSummary::units).sum()).isEqualTo(2);
    }
  }
}
