package dev.simebs.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

  private final JsonReport report = new JsonReport();

  @Test
  void writtenResultsReadBackEqual(@TempDir Path dir) throws Exception {
    BenchResult result = SampleResults.provision(4, 2.0);
    Path file = dir.resolve("r.json");

    report.write(result, file);

    assertThat(report.read(file)).isEqualTo(result);
  }

  @Test
  void jsonRecordsMachineJvmSettingsAndPerStepLatency() throws Exception {
    JsonNode json = new ObjectMapper().readTree(report.toJson(SampleResults.provision(4, 2.0)));

    assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
    assertThat(json.at("/machine/kernel").asText()).isEqualTo("6.1.0-test");
    assertThat(json.at("/jvm/version").asText()).isEqualTo("25+36");
    assertThat(json.at("/settings/concurrency").asInt()).isEqualTo(4);
    assertThat(json.at("/settings/sizeBytes").asLong()).isEqualTo(1L << 30);
    assertThat(json.at("/phases/0/steps/0/name").asText()).isEqualTo("CreateVolume");
    assertThat(json.at("/phases/0/steps/0/errorsByCode/ABORTED").asLong()).isEqualTo(1);
    assertThat(json.at("/phases/0/steps/0/latency/p99Ms").isNumber()).isTrue();
    assertThat(json.at("/footprint/peakRssKiB").asLong()).isEqualTo(80_000);
    assertThat(json.at("/headline/step").asText()).isEqualTo("CreateVolume");
    assertThat(json.at("/contention/driverCpuMsPerUnit").asDouble()).isEqualTo(15.0);
  }

  @Test
  void unknownFieldsFromANewerToolAreIgnored(@TempDir Path dir) throws Exception {
    BenchResult result = SampleResults.lifecycle(2, 50);
    String json = report.toJson(result).replaceFirst("\\{", "{\"addedLater\": 1,");
    Path file = dir.resolve("r.json");
    java.nio.file.Files.writeString(file, json);

    assertThat(report.read(file)).isEqualTo(result);
  }
}
