package dev.simebs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.node.failure.NodeFailure;
import org.junit.jupiter.api.Test;

class NodeInFlightTest {

  private final NodeInFlight inFlight = new NodeInFlight();

  @Test
  void secondOperationOnTheSameVolumeWhileTheFirstRunsIsAborted() throws Exception {
    String result =
        inFlight.run(
            "vol-1",
            () -> {
              assertThatThrownBy(() -> inFlight.run("vol-1", () -> "x"))
                  .isInstanceOf(NodeFailure.Busy.class)
                  .hasMessageContaining("already in progress");
              return "first";
            });

    assertThat(result).isEqualTo("first");
  }

  @Test
  void otherVolumesAreNotBlocked() throws Exception {
    assertThat(inFlight.run("vol-1", () -> inFlight.run("vol-2", () -> "other")))
        .isEqualTo("other");
  }

  @Test
  void volumeIsFreeAgainAfterAFailure() throws Exception {
    try {
      inFlight.run(
          "vol-1",
          () -> {
            throw new IllegalStateException("boom");
          });
    } catch (IllegalStateException expected) {
      // the failure itself is not the point
    }
    assertThat(inFlight.run("vol-1", () -> "again")).isEqualTo("again");
  }
}
