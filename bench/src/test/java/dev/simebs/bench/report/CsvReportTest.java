package dev.simebs.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportTest {

  private final List<String> lines =
      new CsvReport().render(SampleResults.provision(16, 3.0)).lines().toList();

  private static List<String> cells(String line) {
    return Arrays.asList(line.split(",", -1));
  }

  @Test
  void firstLineIsTheHeader() {
    assertThat(cells(lines.getFirst())).isEqualTo(CsvReport.HEADER);
  }

  @Test
  void eachPhaseHasAUnitRowThenOneRowPerStep() {
    assertThat(lines).hasSize(1 + 3);
    assertThat(lines.subList(1, 4))
        .extracting(l -> cells(l).get(2))
        .containsExactly("unit", "CreateVolume", "DeleteVolume");
  }

  @Test
  void everyRowHasAsManyCellsAsTheHeader() {
    assertThat(lines).allSatisfy(l -> assertThat(cells(l)).hasSize(CsvReport.HEADER.size()));
  }

  @Test
  void rowsCarryCountsErrorsByCodeAndSettings() {
    List<String> create = cells(lines.get(2));
    assertThat(create.get(CsvReport.HEADER.indexOf("count"))).isEqualTo("101");
    assertThat(create.get(CsvReport.HEADER.indexOf("errors"))).isEqualTo("1");
    assertThat(create.get(CsvReport.HEADER.indexOf("errors_by_code"))).isEqualTo("ABORTED=1");
    assertThat(create.get(CsvReport.HEADER.indexOf("concurrency"))).isEqualTo("16");
    assertThat(create.get(CsvReport.HEADER.indexOf("cores"))).isEqualTo("2");
    assertThat(create.get(CsvReport.HEADER.indexOf("p50_ms"))).matches("\\d+\\.\\d{3}");
  }

  @Test
  void cellsWithCommasOrQuotesAreQuoted() {
    assertThat(CsvReport.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvReport.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvReport.quote("plain")).isEqualTo("plain");
  }
}
