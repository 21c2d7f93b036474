package dev.simebs.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.bench.BenchCommand;
import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.report.JsonReport;
import dev.simebs.bench.stats.PhaseSummary;
import dev.simebs.common.grpc.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Every {@code simebs bench} scenario at tiny size (2 volumes, concurrency 2, 1 GiB, 1 MiB of
 * data) against an in-test all-in-one server on a temporary socket: the tool and the driver agree
 * end to end. No timing is asserted. Scenarios that stage and mount volumes need root and loop
 * devices and skip without them.
 */
class BenchSmokeTest {

  /** CAP_SYS_RESOURCE: the kernel's online ext4 resize needs it (some VMs drop it). */
  private static final int CAP_SYS_RESOURCE = 24;

  @TempDir Path dir;

  private AllInOne driver;

  @BeforeEach
  void startDriver() throws Exception {
    driver =
        AllInOne.start(
            AllInOne.Config.of(new Endpoint.Unix(dir.resolve("csi.sock")), dir.resolve("data"), "bench-smoke"));
  }

  @AfterEach
  void stopDriverAndCleanUp() throws Exception {
    driver.close();
    // The tool undoes what it set up even when a unit fails; this catches anything a crash left.
    LeftOvers.removeUnder(dir);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
    "provision, mount, false",
    "attach, mount, false",
    "list, mount, false",
    "startup, mount, false",
    "lifecycle, mount, true",
    "lifecycle, block, true",
    "snapshot, mount, true",
    "snapshot, block, true",
    "expand, block, true",
    "expand, mount, true",
    "mixed, block, true"
  })
  void everyUnitOfTheScenarioSucceeds(String scenario, String access, boolean mounts) throws Exception {
    if (mounts) {
      assumeTrue("root".equals(System.getProperty("user.name")), "needs root to stage and mount volumes");
      assumeTrue(Files.isWritable(Path.of("/dev/loop-control")), "needs loop devices (/dev/loop-control)");
    }
    if (scenario.equals("expand") && access.equals("mount")) {
      assumeTrue(hasCapability(CAP_SYS_RESOURCE), "online ext4 growth needs CAP_SYS_RESOURCE, which this process lacks");
    }
    Path out = dir.resolve(scenario + "-" + access + ".json");
    StringWriter stdout = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(stdout));

    int exit =
        cli.execute(
            "--endpoint", "unix://" + dir.resolve("csi.sock"),
            "--scenario", scenario,
            "--access-type", access,
            "--volumes", "2",
            "--concurrency", "2",
            "--size", "1Gi",
            "--data-mib", "1",
            "--page-size", "1",
            "--list-passes", "1",
            "--seed", "1",
            "--progress", "off",
            "--staging-dir", dir.resolve("staging").toString(),
            "--target-dir", dir.resolve("target").toString(),
            "--out", out.toString());

    BenchResult result = new JsonReport().read(out);
    assertThat(result.phases())
        .as(stdout.toString())
        .allSatisfy(phase -> assertThat(phase.failedUnits()).isZero());
    assertThat(result.phases().stream().mapToLong(PhaseSummary::units).sum())
        .isEqualTo(expectedUnits(scenario));
    assertThat(exit).as(stdout.toString()).isZero();
  }

  private static long expectedUnits(String scenario) {
    return switch (scenario) {
      case "startup" -> 0;
      case "list" -> 2 + 1 + 2;
      default -> 2;
    };
  }

  private static boolean hasCapability(int bit) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << bit)) != 0;
      }
    }
    return false;
  }

  /** Unmounts and detaches whatever a failed run left under a directory. */
  private static final class LeftOvers {

    static void removeUnder(Path root) throws IOException, InterruptedException {
      List<String> mounts = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String mountPoint = line.split(" ")[4];
        if (mountPoint.startsWith(root.toString() + "/")) {
          mounts.add(mountPoint);
        }
      }
      // Deepest first, so bind mounts go before the staging mounts under them.
      mounts.sort((a, b) -> b.length() - a.length());
      for (String mountPoint : mounts) {
        run("umount", "-l", mountPoint);
      }
      Path loops = Path.of("/sys/block");
      if (!Files.isDirectory(loops)) {
        return;
      }
      try (Stream<Path> devices = Files.list(loops)) {
        for (Path device : devices.filter(d -> d.getFileName().toString().startsWith("loop")).toList()) {
          Path backing = device.resolve("loop/backing_file");
          if (Files.exists(backing) && Files.readString(backing).strip().startsWith(root.toString() + "/")) {
            run("losetup", "-d", "/dev/" + device.getFileName());
          }
        }
      }
    }

    private static void run(String... command) throws IOException, InterruptedException {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
