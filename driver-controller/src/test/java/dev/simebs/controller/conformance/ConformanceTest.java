package dev.simebs.controller.conformance;

import dev.simebs.controller.ControllerHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh backend and controller on a unix socket for every test. */
abstract class ConformanceTest {

  @TempDir Path dir;

  ControllerHarness h;

  @BeforeEach
  void startController() throws Exception {
    h = ControllerHarness.start(dir);
  }

  @AfterEach
  void stopController() {
    if (h != null) {
      h.close();
    }
  }
}
