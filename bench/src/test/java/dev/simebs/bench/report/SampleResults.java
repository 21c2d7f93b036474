package dev.simebs.bench.report;

import dev.simebs.bench.stats.PhaseStats;
import dev.simebs.bench.stats.PhaseSummary;
import dev.simebs.bench.stats.StepKind;
import java.util.List;
import java.util.Map;

/** Results as a run would make them, for report and chart tests. */
public final class SampleResults {

  private static final long MS = 1_000_000;

  private SampleResults() {}

  public static BenchResult provision(int concurrency, double createMs) {
    PhaseStats stats = new PhaseStats();
    for (int i = 1; i <= 100; i++) {
      stats.succeeded("CreateVolume", StepKind.rpc, (long) (createMs * MS) + i);
      stats.succeeded("DeleteVolume", StepKind.rpc, MS);
      stats.unitSucceeded((long) (createMs * MS) + MS + i);
    }
    stats.failed("CreateVolume", StepKind.rpc, "ABORTED");
    stats.unitFailed("ABORTED");
    return result("provision", "mount", concurrency, "CreateVolume", stats.summarise("run", 2.0));
  }

  public static BenchResult lifecycle(int concurrency, double cycleMs) {
    PhaseStats stats = new PhaseStats();
    stats.succeeded("NodeStageVolume", StepKind.rpc, 20 * MS);
    stats.unitSucceeded((long) (cycleMs * MS));
    return result("lifecycle", "mount", concurrency, "unit", stats.summarise("run", 1.0));
  }

  static BenchResult result(
      String scenario, String access, int concurrency, String headlineStep, PhaseSummary run) {
    return new BenchResult(
        "simebs-bench",
        "2026-11-22T06:00:00Z",
        new BenchResult.RunSettings(
            scenario, "unix:///tmp/x/csi.sock", null, 100, 0, concurrency, 1L << 30, 1, access,
            "ext4", Map.of("type", "gp3"), 500, 3, "node-1", 60.0, 42L, null),
        new BenchResult.Machine(2, 24_000_000, "6.1.0-test", "Linux", "amd64", "0.50 0.40 0.30 1/100 1"),
        new BenchResult.Jvm("OpenJDK 64-Bit Server VM", "Eclipse Adoptium", "25+36", List.of("-Xmx1g")),
        new BenchResult.Driver("ebs.csi.simebs.dev", "0.1.0", List.of("CREATE_DELETE_VOLUME"), List.of()),
        new BenchResult.Footprint("self", 1234, "java x", null, null, 50_000L, 80_000L, 1.5, 3.0),
        new BenchResult.Contention(2.0, 0.5, 1.5, 0.0, 0.5, 15.0, 0.5, 20.0),
        new BenchResult.Headline(
            "run", headlineStep, run.latencyOf(headlineStep).p50Ms(), run.latencyOf(headlineStep).p99Ms(),
            run.latencyOf(headlineStep).maxMs(), 50.0, run.unitsPerSecond(), run.failedUnits()),
        List.of(run));
  }
}
