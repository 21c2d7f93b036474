package dev.simebs.dist.aot;

import dev.simebs.bench.csi.CsiConnection;
import dev.simebs.bench.process.ProbeWait;
import dev.simebs.bench.progress.Progress;
import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.run.BenchRun;
import dev.simebs.bench.run.Target;
import dev.simebs.bench.scenario.AccessType;
import dev.simebs.bench.scenario.ScenarioKind;
import dev.simebs.bench.scenario.Settings;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.dist.SimEbs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the JDK's ahead-of-time cache (JEP 483/514) of the all-in-one driver by a training run of
 * its real workload: the driver runs in a child JVM with {@code -XX:AOTCacheOutput} on a scratch
 * socket and data directory, this process drives it as a CSI client would (provision, attach and
 * list, through {@code simebs bench}'s scenarios), then stops it; the child JVM writes the cache
 * as it exits. A driver started with {@code -XX:AOTCache} finds the classes that workload used
 * already loaded and linked, so its start and its first requests skip most class loading.
 *
 * <p>The training needs no root: none of these scenarios mounts anything.
 */
public final class AotTraining {

  /** One scenario of the training and its size. */
  public record Step(ScenarioKind scenario, int volumes) {}

  /** Every Controller RPC a CO makes often, and the Identity and Node calls around them. */
  public static final List<Step> WORKLOAD =
      List.of(new Step(ScenarioKind.provision, 100), new Step(ScenarioKind.attach, 50), new Step(ScenarioKind.list, 50));

  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

  private final String java;
  private final List<String> jvmOptions;
  private final String classPath;
  private final List<Step> workload;
  private final PrintStream progress;

  /**
   * @param java the java launcher the driver runs on (the cache is only valid for that JDK)
   * @param jvmOptions the driver's JVM options, as it is started later with the cache
   * @param classPath the class path, exactly as the driver is started later
   */
  public AotTraining(String java, List<String> jvmOptions, String classPath, List<Step> workload, PrintStream progress) {
    this.java = java;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.classPath = classPath;
    this.workload = List.copyOf(workload);
    this.progress = progress;
  }

  /** Trains and writes the cache to {@code output}, replacing it atomically; throws when no cache was made. */
  public void makeCache(Path output) throws Exception {
    Path work = Files.createTempDirectory("simebs-aot-");
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    Path log = work.resolve("driver.log");
    try {
      Files.deleteIfExists(partial);
      Process driver = start(work, partial, log);
      try {
        train(driver, work);
      } finally {
        stop(driver);
      }
      if (!Files.isRegularFile(partial)) {
        throw new IOException("the training run wrote no cache; its log ends: " + tail(log));
      }
      Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
      deleteTree(work);
    }
  }

  /** The driver's command line for the training: its options, then the cache to write. */
  List<String> driverCommand(Path work, Path cache) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-XX:AOTCacheOutput=" + cache);
    command.addAll(
        List.of(
            "-cp", classPath, SimEbs.class.getName(), "all-in-one",
            "--endpoint", "unix://" + work.resolve("csi.sock"),
            "--data-dir", work.resolve("data").toString(),
            "--node-id", "aot-training"));
    return command;
  }

  private Process start(Path work, Path cache, Path log) throws IOException {
    return new ProcessBuilder(driverCommand(work, cache))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private void train(Process driver, Path work) throws Exception {
    Endpoint endpoint = new Endpoint.Unix(work.resolve("csi.sock"));
    Duration deadline = Duration.ofSeconds(60);
    try (CsiConnection csi = new CsiConnection(endpoint, null, deadline)) {
      ProbeWait.untilReady(csi, endpoint, Duration.ofMinutes(2), driver::isAlive);
    }
    Target target = new Target(endpoint, null, null, work.resolve("bench.log"), driver.pid(), null, deadline, deadline);
    for (Step step : workload) {
      Settings settings =
          new Settings(
              step.scenario(), step.volumes(), 0, 4, 1L << 30, 0, AccessType.mount, "ext4", Map.of(), 25, 2,
              Files.createDirectories(work.resolve("staging")), Files.createDirectories(work.resolve("target")),
              "aot");
      BenchResult result = new BenchRun(target, settings, 1, progress, Progress.Mode.off).execute();
      long failed = result.phases().stream().mapToLong(p -> p.failedUnits()).sum();
      if (failed > 0) {
        // The cache is still good for everything that worked; say what did not.
        progress.printf("simebs: %d of the training's %s units failed%n", failed, step.scenario());
      }
    }
  }

  /** SIGTERM, then wait while the JVM assembles the cache on its way out. */
  private static void stop(Process driver) throws InterruptedException {
    driver.destroy();
    if (!driver.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      driver.destroyForcibly().waitFor();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
