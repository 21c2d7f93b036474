package dev.simebs.bench.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void renderShowsBarPercentCountRateAndErrors() {
    String line = Progress.render("run", 5, 10, 1, 2_000_000_000L);

    assertThat(line).contains("[###############...............]").contains(" 50%").contains("5/10")
        .contains("2.5/s").contains("errors 1");
  }

  @Test
  void anEmptyPhaseIsComplete() {
    assertThat(Progress.render("run", 0, 0, 0, 1)).contains("100%");
  }

  @Test
  void linesModeEndsWithTheFinalCount() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress progress = Progress.start("run", 3, () -> 0, new PrintStream(bytes, true, StandardCharsets.UTF_8), Progress.Mode.lines)) {
      progress.advance();
      progress.advance();
      progress.advance();
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("3/3").doesNotContain("\r");
  }

  @Test
  void offModePrintsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress progress = Progress.start("run", 3, () -> 0, new PrintStream(bytes), Progress.Mode.off)) {
      progress.advance();
    }

    assertThat(bytes.size()).isZero();
  }
}
