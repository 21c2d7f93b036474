package dev.simebs.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PhaseStatsTest {

  private static final long MS = 1_000_000;

  private static StepSummary step(PhaseSummary phase, String name) {
    return phase.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void errorsAreCountedByCodeAndAddToTheCallCount() {
    PhaseStats stats = new PhaseStats();
    stats.succeeded("CreateVolume", StepKind.rpc, 2 * MS);
    stats.failed("CreateVolume", StepKind.rpc, "ABORTED");
    stats.failed("CreateVolume", StepKind.rpc, "ABORTED");
    stats.failed("CreateVolume", StepKind.rpc, "RESOURCE_EXHAUSTED");

    StepSummary create = step(stats.summarise("run", 1.0), "CreateVolume");

    assertThat(create.count()).isEqualTo(4);
    assertThat(create.ok()).isEqualTo(1);
    assertThat(create.errors()).isEqualTo(3);
    assertThat(create.errorsByCode()).containsExactly(Map.entry("ABORTED", 2L), Map.entry("RESOURCE_EXHAUSTED", 1L));
  }

  @Test
  void failedCallsDoNotEnterTheLatencies() {
    PhaseStats stats = new PhaseStats();
    stats.succeeded("DeleteVolume", StepKind.rpc, 4 * MS);
    stats.failed("DeleteVolume", StepKind.rpc, "DEADLINE_EXCEEDED");

    StepSummary delete = step(stats.summarise("run", 1.0), "DeleteVolume");

    assertThat(delete.latency().samples()).isEqualTo(1);
    assertThat(delete.latency().maxMs()).isEqualTo(4.0);
  }

  @Test
  void throughputIsSuccessfulCallsPerWallSecond() {
    PhaseStats stats = new PhaseStats();
    for (int i = 0; i < 10; i++) {
      stats.succeeded("CreateVolume", StepKind.rpc, MS);
    }
    stats.failed("CreateVolume", StepKind.rpc, "INTERNAL");

    PhaseSummary phase = stats.summarise("run", 2.0);

    assertThat(step(phase, "CreateVolume").opsPerSecond()).isEqualTo(5.0);
  }

  @Test
  void unitFailuresAreCountedByCodeAndUnitsIncludeThem() {
    PhaseStats stats = new PhaseStats();
    stats.unitSucceeded(10 * MS);
    stats.unitFailed("ABORTED");
    stats.unitFailed("CHECKSUM_MISMATCH");

    PhaseSummary phase = stats.summarise("run", 1.0);

    assertThat(phase.units()).isEqualTo(3);
    assertThat(phase.failedUnits()).isEqualTo(2);
    assertThat(phase.unitErrorsByCode()).containsOnlyKeys("ABORTED", "CHECKSUM_MISMATCH");
    assertThat(phase.unitsPerSecond()).isEqualTo(1.0);
  }

  @Test
  void stepsKeepTheOrderTheyWereFirstSeenIn() {
    PhaseStats stats = new PhaseStats();
    for (String rpc : List.of("CreateVolume", "NodeStageVolume", "NodePublishVolume", "NodeUnpublishVolume", "CreateVolume")) {
      stats.succeeded(rpc, StepKind.rpc, MS);
    }

    assertThat(stats.summarise("run", 1.0).steps())
        .extracting(StepSummary::name)
        .containsExactly("CreateVolume", "NodeStageVolume", "NodePublishVolume", "NodeUnpublishVolume");
  }

  @Test
  void breakdownGivesEachStepsShareOfTheUnit() {
    PhaseStats stats = new PhaseStats();
    for (int unit = 0; unit < 2; unit++) {
      stats.succeeded("CreateVolume", StepKind.rpc, 3 * MS);
      stats.succeeded("DeleteVolume", StepKind.rpc, 1 * MS);
      stats.unitSucceeded(4 * MS);
    }

    PhaseSummary phase = stats.summarise("run", 1.0);

    assertThat(step(phase, "CreateVolume").perUnitMs()).isCloseTo(3.0, within(1e-9));
    assertThat(step(phase, "CreateVolume").shareOfUnit()).isCloseTo(0.75, within(1e-9));
    assertThat(step(phase, "DeleteVolume").shareOfUnit()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void recordsFromManyThreadsAreAllKept() throws Exception {
    PhaseStats stats = new PhaseStats();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 16; t++) {
        pool.submit(
            () -> {
              for (int i = 0; i < 1000; i++) {
                stats.succeeded("CreateVolume", StepKind.rpc, MS);
                stats.failed("CreateVolume", StepKind.rpc, "ABORTED");
              }
            });
      }
    }

    StepSummary create = step(stats.summarise("run", 1.0), "CreateVolume");

    assertThat(create.ok()).isEqualTo(16_000);
    assertThat(create.errorsByCode()).containsEntry("ABORTED", 16_000L);
  }

  @Test
  void latencyOfUnitIsTheWholeUnit() {
    PhaseStats stats = new PhaseStats();
    stats.unitSucceeded(8 * MS);
    stats.succeeded("CreateVolume", StepKind.rpc, 2 * MS);

    PhaseSummary phase = stats.summarise("run", 1.0);

    assertThat(phase.latencyOf("unit").p50Ms()).isEqualTo(8.0);
    assertThat(phase.latencyOf("CreateVolume").p50Ms()).isEqualTo(2.0);
    assertThat(phase.latencyOf("NoSuchStep")).isEqualTo(LatencySummary.EMPTY);
  }
}
