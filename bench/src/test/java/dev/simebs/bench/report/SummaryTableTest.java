package dev.simebs.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTableTest {

  private final String table = new SummaryTable().render(SampleResults.provision(16, 3.0));

  @Test
  void listsEveryStepAndTheUnit() {
    assertThat(table).contains("CreateVolume").contains("DeleteVolume").contains("(unit)");
  }

  @Test
  void namesErrorsByCode() {
    assertThat(table).contains("errors in CreateVolume: ABORTED 1");
  }

  @Test
  void endsWithTheHeadline() {
    assertThat(table.strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("headline run/CreateVolume");
  }
}
