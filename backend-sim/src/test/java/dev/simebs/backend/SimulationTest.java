package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.ClearFaultsRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeVolumeModificationsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.StuckAttachment;
import dev.simebs.backend.api.ThrottleRule;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.backend.api.VolumeState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {

  @TempDir Path dataDir;
  TestBackend backend;

  @BeforeEach
  void open() throws IOException {
    backend = TestBackend.open(dataDir);
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private void simulate(SimulationConfig.Builder config) {
    backend.admin().setSimulation(config.build());
  }

  private static LatencyRule latency(String operation, long millis) {
    return LatencyRule.newBuilder().setOperation(operation)
        .setMinMillis(millis).setMaxMillis(millis).build();
  }

  /** Polls, as a cloud client does, until {@code done} holds (bounded by a deadline). */
  private static <T> T pollUntil(Supplier<T> describe, Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      T value = describe.get();
      if (done.test(value) || System.nanoTime() > deadline) {
        return value;
      }
      // A cloud client polls at an interval; the condition, not the interval, ends the wait.
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  @Test
  void emptyThrottleBucketIsRequestLimitExceeded() {
    simulate(SimulationConfig.newBuilder().addThrottles(ThrottleRule.newBuilder()
        .setOperation("DescribeZones").setRefillPerSecond(0.001).setBurst(2)));
    DescribeZonesRequest request = DescribeZonesRequest.getDefaultInstance();
    backend.api().describeZones(request);
    backend.api().describeZones(request);

    assertFails(ErrorReason.REQUEST_LIMIT_EXCEEDED, () -> backend.api().describeZones(request))
        .hasMessageContaining("DescribeZones");
  }

  @Test
  void throttlingOneOperationLeavesOthersAlone() {
    simulate(SimulationConfig.newBuilder().addThrottles(ThrottleRule.newBuilder()
        .setOperation("CreateVolume").setRefillPerSecond(0.001).setBurst(1)));
    backend.createVolume(1);

    assertThat(backend.api().describeZones(DescribeZonesRequest.getDefaultInstance())
        .getZonesCount()).isEqualTo(2);
  }

  @Test
  void faultForTheNextNCallsFailsExactlyThoseCalls() {
    backend.admin().addFault(FaultRule.newBuilder().setOperation("CreateVolume")
        .setReason(ErrorReason.SERVICE_UNAVAILABLE).setNextN(2).build());

    assertFails(ErrorReason.SERVICE_UNAVAILABLE, () -> backend.createVolume(1));
    assertFails(ErrorReason.SERVICE_UNAVAILABLE, () -> backend.createVolume(1));
    assertThat(backend.createVolume(1).getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(backend.admin().getSimulation(GetSimulationRequest.getDefaultInstance())
        .getFaultsList()).isEmpty();
  }

  @Test
  void faultWithProbabilityOneAlwaysFailsWithItsReasonAndMessage() {
    backend.admin().addFault(FaultRule.newBuilder().setOperation("*")
        .setReason(ErrorReason.INTERNAL_ERROR).setProbability(1).setMessage("disk on fire").build());

    assertFails(ErrorReason.INTERNAL_ERROR, () -> backend.createVolume(1))
        .hasMessageContaining("disk on fire");
  }

  @Test
  void faultMatchingAVolumeSparesOtherVolumes() {
    Volume target = backend.createVolume(1);
    Volume other = backend.createVolume(1);
    backend.admin().addFault(FaultRule.newBuilder().setOperation("CreateSnapshot")
        .setReason(ErrorReason.INCORRECT_STATE).setProbability(1)
        .setVolumeId(target.getVolumeId()).build());

    assertFails(ErrorReason.INCORRECT_STATE, () -> backend.snapshot(target.getVolumeId()));
    assertThat(backend.snapshot(other.getVolumeId()).getState()).isEqualTo(SnapshotState.COMPLETED);
  }

  @Test
  void faultMatchingANodeFailsAttachesToThatNodeOnly() {
    backend.registerNode("bad-node", "sim-a");
    backend.registerNode("good-node", "sim-a");
    backend.admin().addFault(FaultRule.newBuilder().setOperation("AttachVolume")
        .setReason(ErrorReason.ATTACHMENT_LIMIT_EXCEEDED).setProbability(1)
        .setNodeId("bad-node").build());
    String volumeId = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a")).getVolumeId();

    assertFails(ErrorReason.ATTACHMENT_LIMIT_EXCEEDED, () -> backend.attach(volumeId, "bad-node"));
    assertThat(backend.attach(volumeId, "good-node").getState()).isEqualTo(AttachmentState.ATTACHED);
  }

  @Test
  void clearedFaultsStopFailing() {
    backend.admin().addFault(FaultRule.newBuilder().setOperation("CreateVolume")
        .setReason(ErrorReason.INTERNAL_ERROR).setProbability(1).build());

    backend.admin().clearFaults(ClearFaultsRequest.getDefaultInstance());

    assertThat(backend.createVolume(1).getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  @Test
  void faultWithoutProbabilityOrCountIsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.admin().addFault(
        FaultRule.newBuilder().setOperation("CreateVolume")
            .setReason(ErrorReason.INTERNAL_ERROR).build()))
        .hasMessageContaining("next_n");
  }

  @Test
  void ruleForAnUnknownOperationIsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> simulate(SimulationConfig.newBuilder()
        .addLatencies(latency("MakeCoffee", 5))))
        .hasMessageContaining("MakeCoffee");
  }

  @Test
  void withCreateLatencyAVolumeIsCreatingUntilItsTimeIsUp() throws Exception {
    simulate(SimulationConfig.newBuilder().addLatencies(latency("CreateVolume", 300)));

    Volume volume = backend.createVolume(1);

    assertThat(volume.getState()).isEqualTo(VolumeState.CREATING);
    Volume later = pollUntil(() -> backend.describe(volume.getVolumeId()),
        v -> v.getState() != VolumeState.CREATING);
    assertThat(later.getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  @Test
  void withAttachLatencyAnAttachmentIsAttachingThenAttached() throws Exception {
    backend.registerNode("n1", "sim-a");
    String volumeId = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a")).getVolumeId();
    simulate(SimulationConfig.newBuilder().addLatencies(latency("AttachVolume", 200)));

    Attachment attachment = backend.attach(volumeId, "n1");

    assertThat(attachment.getState()).isEqualTo(AttachmentState.ATTACHING);
    Attachment later = pollUntil(() -> attachment(volumeId),
        a -> a.getState() != AttachmentState.ATTACHING);
    assertThat(later.getState()).isEqualTo(AttachmentState.ATTACHED);
  }

  @Test
  void withDeleteLatencyAVolumeIsDeletingThenGone() throws Exception {
    Volume volume = backend.createVolume(1);
    simulate(SimulationConfig.newBuilder().addLatencies(latency("DeleteVolume", 200)));

    backend.api().deleteVolume(DeleteVolumeRequest.newBuilder()
        .setVolumeId(volume.getVolumeId()).build());

    assertThat(backend.describe(volume.getVolumeId()).getState()).isEqualTo(VolumeState.DELETING);
    pollUntil(() -> backend.api().describeVolumes(DescribeVolumesRequest
        .getDefaultInstance()).getVolumesCount(), count -> count == 0);
    assertFails(ErrorReason.VOLUME_NOT_FOUND, () -> backend.describe(volume.getVolumeId()));
    assertThat(Path.of(volume.getBackingFile())).doesNotExist();
  }

  @Test
  void withDetachLatencyAnAttachmentIsDetachingThenGone() throws Exception {
    backend.registerNode("n1", "sim-a");
    String volumeId = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a")).getVolumeId();
    backend.attach(volumeId, "n1");
    simulate(SimulationConfig.newBuilder().addLatencies(latency("DetachVolume", 200)));

    Attachment detaching = backend.api().detachVolume(DetachVolumeRequest
        .newBuilder().setVolumeId(volumeId).setNodeId("n1").build()).getAttachment();

    assertThat(detaching.getState()).isEqualTo(AttachmentState.DETACHING);
    Volume later = pollUntil(() -> backend.describe(volumeId),
        v -> v.getState() == VolumeState.AVAILABLE);
    assertThat(later.getAttachmentsList()).isEmpty();
  }

  @Test
  void withModifyLatencyAModificationGoesThroughOptimizingToCompleted() throws Exception {
    String volumeId = backend.createVolume(2).getVolumeId();
    simulate(SimulationConfig.newBuilder().addLatencies(latency("ModifyVolume", 200)));

    VolumeModification modifying = backend.api().modifyVolume(
        ModifyVolumeRequest.newBuilder().setVolumeId(volumeId)
            .setSizeGib(3).build()).getModification();

    assertThat(modifying.getState())
        .isEqualTo(ModificationState.MODIFYING);
    assertThat(backend.describe(volumeId).getSizeGib()).isEqualTo(2);
    Set<ModificationState> seen = new HashSet<>();
    pollUntil(() -> backend.api().describeVolumeModifications(
            DescribeVolumeModificationsRequest.newBuilder()
                .addVolumeIds(volumeId).build()).getModifications(0).getState(),
        state -> {
          seen.add(state);
          return state == ModificationState.MODIFICATION_COMPLETED;
        });
    assertThat(seen).contains(ModificationState.MODIFICATION_COMPLETED);
    assertThat(backend.describe(volumeId).getSizeGib()).isEqualTo(3);
  }

  @Test
  void attachingWhileDetachingIsIncorrectState() {
    backend.registerNode("n1", "sim-a");
    String volumeId = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a")).getVolumeId();
    backend.attach(volumeId, "n1");
    simulate(SimulationConfig.newBuilder().addLatencies(latency("DetachVolume", 600_000)));
    backend.api().detachVolume(DetachVolumeRequest.newBuilder()
        .setVolumeId(volumeId).setNodeId("n1").build());

    assertFails(ErrorReason.INCORRECT_STATE, () -> backend.attach(volumeId, "n1"))
        .hasMessageContaining("detaching");
  }

  @Test
  void withSnapshotLatencyASnapshotIsPendingThenCompleted() throws Exception {
    String volumeId = backend.createVolume(1).getVolumeId();
    simulate(SimulationConfig.newBuilder().addLatencies(latency("CreateSnapshot", 300)));

    Snapshot snapshot = backend.snapshot(volumeId);

    assertThat(snapshot.getState()).isEqualTo(SnapshotState.PENDING);
    assertThat(snapshot.getProgressPercent()).isLessThan(100);
    Snapshot later = pollUntil(() -> backend.api().describeSnapshots(DescribeSnapshotsRequest
            .newBuilder().addSnapshotIds(snapshot.getSnapshotId()).build()).getSnapshots(0),
        s -> s.getState() != SnapshotState.PENDING);
    assertThat(later.getState()).isEqualTo(SnapshotState.COMPLETED);
    assertThat(later.getProgressPercent()).isEqualTo(100);
  }

  @Test
  void stuckAttachmentStaysAttachingUntilTheRuleIsRemoved() throws Exception {
    backend.registerNode("n1", "sim-a");
    String volumeId = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a")).getVolumeId();
    simulate(SimulationConfig.newBuilder().addStuckAttachments(
        StuckAttachment.newBuilder().setVolumeId(volumeId)));

    assertThat(backend.attach(volumeId, "n1").getState()).isEqualTo(AttachmentState.ATTACHING);
    assertThat(attachment(volumeId).getState()).isEqualTo(AttachmentState.ATTACHING);

    simulate(SimulationConfig.newBuilder());

    assertThat(pollUntil(() -> attachment(volumeId), a -> a.getState() == AttachmentState.ATTACHED)
        .getState()).isEqualTo(AttachmentState.ATTACHED);
  }

  @Test
  void stuckAttachmentHoldsItsDetachTooUntilTheRuleIsRemovedOrTheDetachIsForced() throws Exception {
    backend.registerNode("n1", "sim-a");
    String volumeId = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a")).getVolumeId();
    String otherId = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a")).getVolumeId();
    backend.attach(volumeId, "n1");
    backend.attach(otherId, "n1");
    simulate(SimulationConfig.newBuilder()
        .addStuckAttachments(StuckAttachment.newBuilder().setVolumeId(volumeId))
        .addStuckAttachments(StuckAttachment.newBuilder().setVolumeId(otherId)));

    Attachment detaching = backend.detach(volumeId, "n1", false);
    backend.detach(otherId, "n1", false);

    assertThat(detaching.getState()).isEqualTo(AttachmentState.DETACHING);
    assertThat(detaching.getHeld()).isTrue();
    assertThat(attachment(volumeId).getState()).isEqualTo(AttachmentState.DETACHING);
    assertThat(backend.detach(otherId, "n1", true).getState()).isEqualTo(AttachmentState.DETACHED);

    simulate(SimulationConfig.newBuilder());

    assertThat(pollUntil(() -> backend.describe(volumeId), v -> v.getAttachmentsCount() == 0)
        .getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  @Test
  void transitionalStatesAreCompletedOnRestart() throws Exception {
    simulate(SimulationConfig.newBuilder().addLatencies(latency("CreateVolume", 600_000)));
    Volume volume = backend.createVolume(1);

    backend.restart();

    assertThat(backend.describe(volume.getVolumeId()).getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  @Test
  void impairedVolumeReportsItsReason() {
    Volume volume = backend.createVolume(1);

    backend.admin().setVolumeImpaired(SetVolumeImpairedRequest.newBuilder()
        .setVolumeId(volume.getVolumeId()).setImpaired(true).setReason("io-stalled").build());

    Volume described = backend.describe(volume.getVolumeId());
    assertThat(described.getImpaired()).isTrue();
    assertThat(described.getImpairedReason()).isEqualTo("io-stalled");
  }

  @Test
  void simulationConfigReadsBackWithFaultIds() {
    SimulationConfig applied = backend.admin().setSimulation(SimulationConfig.newBuilder()
        .addFaults(FaultRule.newBuilder().setOperation("DeleteVolume")
            .setReason(ErrorReason.VOLUME_IN_USE).setProbability(0.5))
        .build());

    assertThat(applied.getFaults(0).getId()).isNotEmpty();
    assertThat(backend.admin().getSimulation(GetSimulationRequest.getDefaultInstance()))
        .isEqualTo(applied);
  }

  private Attachment attachment(String volumeId) {
    return backend.api().describeAttachments(DescribeAttachmentsRequest.newBuilder()
        .setVolumeId(volumeId).build()).getAttachments(0);
  }
}
