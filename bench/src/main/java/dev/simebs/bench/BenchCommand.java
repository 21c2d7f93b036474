package dev.simebs.bench;

import dev.simebs.bench.chart.ChartCommand;
import dev.simebs.bench.compare.ComparisonRun;
import dev.simebs.bench.compare.Contender;
import dev.simebs.bench.progress.Progress;
import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.report.CsvReport;
import dev.simebs.bench.report.JsonReport;
import dev.simebs.bench.report.SummaryTable;
import dev.simebs.bench.run.BenchRun;
import dev.simebs.bench.run.Target;
import dev.simebs.bench.scenario.AccessType;
import dev.simebs.bench.scenario.ScenarioKind;
import dev.simebs.bench.scenario.Settings;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.grpc.Endpoint;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code simebs bench}: loads any CSI driver over its socket with a scenario and reports
 * latency, throughput, errors and the driver's footprint. It is a CSI client only, so the same
 * numbers can be taken from another driver side by side.
 *
 * <p>Exit status: 0 when every unit of work succeeded, 1 when some failed (the results are still
 * written), 2 for a usage error. It is a client, not a server, so Ctrl-C simply ends the JVM; a
 * driver the tool launched is stopped by a shutdown hook.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = ChartCommand.class,
    description = {
      "Benchmark a CSI driver over its socket: provision, attach, lifecycle, snapshot, expand, list or mixed.",
      "Node scenarios (lifecycle, snapshot, expand, mixed, efs) mount volumes on this machine, which needs root with SimEBS."
    })
public final class BenchCommand implements Callable<Integer> {

  @Mixin LoggingOptions logging;

  @Spec CommandSpec spec;

  @Option(
      names = "--endpoint",
      converter = EndpointConverter.class,
      description = "Required: the driver's CSI socket (Identity, Node, and Controller unless --controller-endpoint).")
  Endpoint endpoint;

  @Option(
      names = "--controller-endpoint",
      converter = EndpointConverter.class,
      description = "The Controller's socket when it is a separate process.")
  Endpoint controllerEndpoint;

  @Option(
      names = "--scenario",
      defaultValue = "provision",
      description = "One of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
  ScenarioKind scenario;

  @Option(names = "--volumes", defaultValue = "100", description = "Volumes (units of work) in the run. Default: ${DEFAULT-VALUE}")
  int volumes;

  @Option(names = "--warmup", defaultValue = "0", description = "Units run first and left out of the results, so the driver's JIT is warm. Default: ${DEFAULT-VALUE}")
  int warmup;

  @Option(names = "--concurrency", defaultValue = "4", description = "Units in flight at once. Default: ${DEFAULT-VALUE}")
  int concurrency;

  @Option(
      names = "--size",
      defaultValue = "1Gi",
      converter = ByteSize.class,
      description = "Capacity of each volume (1Gi, 10Gi, 500M …). Default: ${DEFAULT-VALUE}")
  long sizeBytes;

  @Option(names = "--data-mib", defaultValue = "1", description = "MiB written per volume by the snapshot scenario. Default: ${DEFAULT-VALUE}")
  int dataMib;

  @Option(names = "--access-type", defaultValue = "mount", description = "mount or block. Default: ${DEFAULT-VALUE}")
  AccessType accessType;

  @Option(names = "--fs-type", defaultValue = "ext4", description = "File system for mount access. Default: ${DEFAULT-VALUE}")
  String fsType;

  @Option(names = "--param", description = "A CreateVolume parameter (StorageClass parameter), key=value; repeatable.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(names = "--page-size", defaultValue = "500", description = "max_entries for ListVolumes/ListSnapshots. Default: ${DEFAULT-VALUE}")
  int pageSize;

  @Option(names = "--list-passes", defaultValue = "3", description = "How often the list scenario pages through everything. Default: ${DEFAULT-VALUE}")
  int listPasses;

  @Option(names = "--out", description = "Write results as JSON here, and as CSV beside it (same name, .csv).")
  Path out;

  @Option(names = "--driver-pid", description = "The driver's process: its peak RSS and CPU time are reported. Default: the launched driver, else this process.")
  Long driverPid;

  @Option(
      names = "--launch",
      description = "Start the driver with this command (split on spaces, no shell) and measure start to first ready Probe, e.g. \"./simebs all-in-one --endpoint unix:///tmp/b/csi.sock --data-dir /tmp/b/data\".")
  String launch;

  @Option(names = "--launch-log", description = "Where a launched driver's output goes. Default: a temporary file.")
  Path launchLog;

  @Option(names = "--node-id", description = "Node ID for ControllerPublish. Default: NodeGetInfo's.")
  String nodeId;

  @Option(names = "--staging-dir", description = "Where staging paths are made. Default: a temporary directory.")
  Path stagingDir;

  @Option(names = "--target-dir", description = "Where target paths are made. Default: a temporary directory.")
  Path targetDir;

  @Option(names = "--rpc-timeout", defaultValue = "PT60S", description = "Deadline of each CSI call. Default: ${DEFAULT-VALUE}")
  Duration rpcTimeout;

  @Option(names = "--probe-timeout", defaultValue = "PT60S", description = "How long to wait for the driver's first ready Probe. Default: ${DEFAULT-VALUE}")
  Duration probeTimeout;

  @Option(names = "--seed", description = "Seed for the mixed scenario and the data written. Default: random.")
  Long seed;

  @Option(names = "--progress", description = "bar, lines or off. Default: a bar on a terminal, lines otherwise.")
  Progress.Mode progress;

  @Option(
      names = "--compare",
      paramLabel = "LABEL=LAUNCH_COMMAND",
      description = {
        "Run the scenario against each driver (repeatable; the first is the baseline of the ratios), each freshly launched every round in a new directory.",
        "The command names that directory {dir} and the socket to listen on {endpoint}, e.g.",
        "simebs=./simebs all-in-one --endpoint {endpoint} --data-dir {dir}/data"
      })
  List<String> compare = new ArrayList<>();

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of a --compare run; the contenders' order alternates. Default: ${DEFAULT-VALUE}")
  int rounds;

  @Option(names = "--work-dir", description = "Where a --compare run makes the rounds' directories. Default: a temporary directory.")
  Path workDir;

  /** Runs the tool on its own class path, without the rest of the distribution. */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!compare.isEmpty()) {
      return compare();
    }
    // Checked here, not by picocli, so `bench chart` does not need it.
    if (endpoint == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--endpoint'");
    }
    logging.apply();
    PrintWriter stdout = spec.commandLine().getOut();
    Path scratch = Files.createTempDirectory("simebs-bench-");
    try {
      Settings settings =
          settings(directory(stagingDir, scratch.resolve("staging")), directory(targetDir, scratch.resolve("target")));
      Target target =
          new Target(
              endpoint, controllerEndpoint, launch,
              launchLog != null ? launchLog : scratch.resolve("driver.log"),
              driverPid, nodeId, rpcTimeout, probeTimeout);
      BenchResult result;
      try {
        result = run(target, settings, seed != null ? seed : ThreadLocalRandom.current().nextLong());
      } catch (StatusRuntimeException | IllegalStateException e) {
        // The driver is missing, not ready, or lacks what the scenario needs: say so plainly.
        spec.commandLine().getErr().println("simebs bench: " + e.getMessage());
        return 1;
      }
      stdout.print(new SummaryTable().render(result));
      if (out != null) {
        new JsonReport().write(result, out);
        Path csv = csvBeside(out);
        new CsvReport().write(result, csv);
        stdout.printf("results: %s, %s%n", out, csv);
      }
      stdout.flush();
      return result.phases().stream().anyMatch(p -> p.failedUnits() > 0) ? 1 : 0;
    } finally {
      if (launch != null && launchLog == null && Files.exists(scratch.resolve("driver.log"))) {
        System.err.println("launched driver's log: " + scratch.resolve("driver.log"));
      } else {
        deleteEmptyDirectories(scratch);
      }
    }
  }

  /** {@code --compare}: the same scenario against every contender, round after round. */
  private int compare() throws Exception {
    Map<String, Object> launchedItself = new LinkedHashMap<>();
    launchedItself.put("--endpoint", endpoint);
    launchedItself.put("--controller-endpoint", controllerEndpoint);
    launchedItself.put("--launch", launch);
    launchedItself.put("--launch-log", launchLog);
    launchedItself.put("--driver-pid", driverPid);
    launchedItself.put("--staging-dir", stagingDir);
    launchedItself.put("--target-dir", targetDir);
    List<String> conflicting =
        launchedItself.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    if (!conflicting.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--compare launches every driver itself; drop " + String.join(", ", conflicting));
    }
    ComparisonRun comparison;
    try {
      comparison =
          new ComparisonRun(compare.stream().map(Contender::parse).toList(), rounds, workDir, out, System.err);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    logging.apply();
    // One seed for every round, so each driver gets the same mixed sequence and data.
    long comparisonSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    return comparison.execute(
            scenario.name(),
            (command, socket, log, staging, target) ->
                run(
                    new Target(
                        Endpoint.parse(socket), null, command, log, null, nodeId, rpcTimeout, probeTimeout),
                    settings(staging, target),
                    comparisonSeed),
            spec.commandLine().getOut());
  }

  private Settings settings(Path staging, Path target) {
    return new Settings(
        scenario, volumes, warmup, concurrency, sizeBytes, dataMib, accessType, fsType, parameters,
        pageSize, listPasses, staging, target,
        HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
  }

  private BenchResult run(Target target, Settings settings, long runSeed) throws Exception {
    return new BenchRun(target, settings, runSeed, System.err, progress != null ? progress : Progress.Mode.detect())
        .execute();
  }

  private static Path directory(Path given, Path fallback) throws IOException {
    return Files.createDirectories(given != null ? given : fallback).toAbsolutePath();
  }

  static Path csvBeside(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(base + ".csv");
  }

  /** Removes the scratch directories; anything a driver left mounted or in them stays. */
  private static void deleteEmptyDirectories(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (Files.isDirectory(p)) {
          try {
            Files.delete(p);
          } catch (IOException notEmpty) {
            // Left for the user to inspect.
          }
        }
      }
    }
  }
}
