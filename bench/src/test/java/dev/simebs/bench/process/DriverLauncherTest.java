package dev.simebs.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverLauncherTest {

  @Test
  void theCommandLineIsSplitOnWhiteSpaceWithoutAShell() {
    assertThat(DriverLauncher.split("  ./simebs all-in-one   --endpoint unix:///x $HOME "))
        .containsExactly("./simebs", "all-in-one", "--endpoint", "unix:///x", "$HOME");
  }

  @Test
  void anEmptyCommandIsRejected() {
    assertThatThrownBy(() -> DriverLauncher.split("   ")).hasMessageContaining("--launch");
  }

  @Test
  void closingStopsTheLaunchedProcess(@TempDir Path dir) throws Exception {
    DriverLauncher launched = DriverLauncher.start("sleep 60", dir.resolve("log"));
    ProcessHandle handle = ProcessHandle.of(launched.pid()).orElseThrow();

    launched.close();

    assertThat(handle.isAlive()).isFalse();
    assertThat(launched.isAlive()).isFalse();
  }
}
