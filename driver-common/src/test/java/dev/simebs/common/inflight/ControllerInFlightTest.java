package dev.simebs.common.inflight;

import static dev.simebs.common.testing.DomainAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.errors.ControllerRefusal.Reason;
import org.junit.jupiter.api.Test;

class ControllerInFlightTest {

  private final ControllerInFlight inFlight = new ControllerInFlight();

  @Test
  void secondClaimOnTheSameObjectIsAborted() {
    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Volume("vol-1"))) {
      assertRefused(Reason.BUSY, () -> inFlight.claim(new OperationKey.Volume("vol-1")))
          .contains("vol-1");
    }
  }

  @Test
  void closedClaimLetsTheNextOperationIn() {
    inFlight.claim(new OperationKey.VolumeName("pvc-1")).close();

    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.VolumeName("pvc-1"))) {
      assertThat(inFlight.isClaimed(new OperationKey.VolumeName("pvc-1"))).isTrue();
    }
    assertThat(inFlight.isClaimed(new OperationKey.VolumeName("pvc-1"))).isFalse();
  }

  @Test
  void differentObjectsAreClaimedTogether() {
    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Publication("vol-1", "node-a"));
        ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Publication("vol-1", "node-b"));
        ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Volume("vol-1"));
        ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.SnapshotName("vol-1"))) {
      assertThat(inFlight.isClaimed(new OperationKey.Publication("vol-1", "node-b"))).isTrue();
    }
  }

  @Test
  void closingTwiceDoesNotReleaseSomeoneElsesClaim() {
    ControllerInFlight.Claim first = inFlight.claim(new OperationKey.Snapshot("snap-1"));
    first.close();
    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Snapshot("snap-1"))) {
      first.close();
      assertThat(inFlight.isClaimed(new OperationKey.Snapshot("snap-1"))).isTrue();
    }
  }
}
