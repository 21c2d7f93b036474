package dev.simebs.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.simebs.bench.report.BenchResult;
import dev.simebs.bench.report.CsvReport;
import dev.simebs.bench.report.JsonReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code simebs bench --compare …}: the comparison with its files. With {@code --out X.json} every
 * round's full result goes beside it ({@code X-LABEL-rN.json}, {@code .csv}, and the driver's
 * output in {@code .driver.log}) and the comparison itself into X.json; without it the driver logs
 * stay in the work directory only when a round failed.
 */
public final class ComparisonRun {

  /** Runs the scenario once against a launched driver, with these paths. */
  @FunctionalInterface
  public interface ScenarioRunner {
    BenchResult run(String launch, String endpoint, Path driverLog, Path stagingDir, Path targetDir) throws Exception;
  }

  private final List<Contender> contenders;
  private final int rounds;
  private final Path givenWorkDir;
  private final Path out;
  private final PrintStream progress;

  public ComparisonRun(List<Contender> contenders, int rounds, Path workDir, Path out, PrintStream progress) {
    Comparison.check(contenders, rounds);
    this.contenders = contenders;
    this.rounds = rounds;
    this.givenWorkDir = workDir;
    this.out = out;
    this.progress = progress;
  }

  /** Runs every round and prints the comparison; the exit status: 0 only when every unit of every round succeeded. */
  public int execute(String scenario, ScenarioRunner scenarioRunner, PrintWriter stdout) throws Exception {
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Path workDir =
        givenWorkDir != null
            ? Files.createDirectories(givenWorkDir).toAbsolutePath()
            : Files.createTempDirectory("simebs-compare-").toAbsolutePath();
    // Mounts are made here, outside the rounds' directories, which are deleted whole.
    Path staging = Files.createDirectories(workDir.resolve("staging"));
    Path target = Files.createDirectories(workDir.resolve("target"));
    boolean allGood = false;
    try {
      Comparison comparison =
          new Comparison(
              contenders,
              rounds,
              workDir,
              (slot, launch, roundDir) -> {
                BenchResult result =
                    scenarioRunner.run(
                        launch, Contender.endpointIn(roundDir), logFile(workDir, slot), staging, target);
                writeRound(slot, result);
                return result;
              },
              progress);
      List<Comparison.RoundOutcome> outcomes = comparison.run();
      ComparisonResult result = result(scenario, comparison.labels(), outcomes);
      stdout.print(new ComparisonTable().render(result));
      if (out != null) {
        mapper().writeValue(out.toFile(), result);
        stdout.printf("comparison: %s (every round beside it)%n", out);
      }
      stdout.flush();
      allGood =
          outcomes.stream()
              .allMatch(o -> o.result() != null && o.result().phases().stream().allMatch(p -> p.failedUnits() == 0));
      return allGood ? 0 : 1;
    } finally {
      cleanUp(workDir, staging, target, allGood);
    }
  }

  private ComparisonResult result(String scenario, List<String> labels, List<Comparison.RoundOutcome> outcomes) {
    List<ComparisonResult.Round> rows = new ArrayList<>();
    for (Comparison.RoundOutcome o : outcomes) {
      BenchResult r = o.result();
      rows.add(
          new ComparisonResult.Round(
              o.slot().round(),
              o.slot().contender().label(),
              r == null || out == null ? null : roundFile(o.slot(), ".json").getFileName().toString(),
              o.error(),
              r == null ? null : r.machine().loadAverageAtStart(),
              r == null || r.contention() == null ? null : r.contention().otherCpuSeconds(),
              r == null ? null : r.phases().stream().mapToLong(p -> p.failedUnits()).sum()));
    }
    return new ComparisonResult(
        "simebs-bench", scenario, ComparisonSummary.headlineStep(outcomes), labels, rounds, rows,
        ComparisonSummary.rows(labels, outcomes));
  }

  private Path logFile(Path workDir, RoundOrder.Slot slot) {
    return out != null
        ? roundFile(slot, ".driver.log")
        : workDir.resolve(slot.contender().label() + "-r" + slot.round() + ".driver.log");
  }

  private void writeRound(RoundOrder.Slot slot, BenchResult result) throws IOException {
    if (out != null) {
      new JsonReport().write(result, roundFile(slot, ".json"));
      new CsvReport().write(result, roundFile(slot, ".csv"));
    }
  }

  /** {@code X-LABEL-rN.suffix} beside {@code --out X.json}. */
  private Path roundFile(RoundOrder.Slot slot, String suffix) {
    String name = out.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return out.resolveSibling(base + "-" + slot.contender().label() + "-r" + slot.round() + suffix);
  }

  /** Removes what the comparison made, keeping the driver logs of a failed comparison. */
  private void cleanUp(Path workDir, Path staging, Path target, boolean allGood) throws IOException {
    deleteIfEmpty(staging);
    deleteIfEmpty(target);
    if (out == null && allGood) {
      try (var logs = Files.list(workDir)) {
        for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".driver.log")).toList()) {
          Files.delete(log);
        }
      }
    }
    if (givenWorkDir == null && !deleteIfEmpty(workDir)) {
      progress.println("driver logs and leftovers: " + workDir);
    }
  }

  private static boolean deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
      return true;
    } catch (IOException notEmpty) {
      return false;
    }
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
