package dev.simebs.bench.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a run's result as JSON and reads it back (for charts and comparisons). */
public final class JsonReport {

  private final ObjectMapper mapper =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public void write(BenchResult result, Path file) throws IOException {
    mapper.writeValue(file.toFile(), result);
  }

  public String toJson(BenchResult result) throws IOException {
    return mapper.writeValueAsString(result);
  }

  public BenchResult read(Path file) throws IOException {
    return mapper.readValue(file.toFile(), BenchResult.class);
  }
}
