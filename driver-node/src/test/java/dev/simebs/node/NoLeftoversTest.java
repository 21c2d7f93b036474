package dev.simebs.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other test class (see junit-platform.properties): nothing of ours is left. */
@Order(Integer.MAX_VALUE)
class NoLeftoversTest {

  @Test
  void theSuiteLeavesNoLoopDeviceOrMountBehind() throws IOException {
    if (!Files.exists(Leftovers.SUITE_ROOT)) {
      return;
    }
    assertThat(Leftovers.under(Leftovers.SUITE_ROOT)).isEmpty();
  }
}
