package dev.simebs.controller.conformance;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.ControllerHarness.GIB;
import static dev.simebs.controller.ControllerHarness.NODE_A;
import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static dev.simebs.controller.ControllerHarness.publishRequest;
import static dev.simebs.controller.conformance.CreateVolumeTest.requisite;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.CreateSnapshotRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.StuckAttachment;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-flight guard as the sidecars meet it: one operation per object, ABORTED for the rest. */
class ControllerConcurrencyTest extends ConformanceTest {

  private static final int PARALLEL = 8;

  @Test
  void parallelCreatesOfOneNameMakeOneVolume() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < PARALLEL; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return createRetryingWhileAborted("pvc-shared");
        }));
      }
      start.countDown();
      List<String> ids = new ArrayList<>();
      for (Future<String> result : results) {
        ids.add(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(ids).hasSize(PARALLEL).containsOnly(ids.getFirst());
    }
    assertThat(h.backendVolumes()).hasSize(1);
  }

  @Test
  void createOfANameInProgressIsAbortedWhileOtherNamesProceed() {
    try (ControllerInFlight.Claim _ = h.inFlight().claim(new OperationKey.VolumeName("pvc-1"))) {
      assertFailsWith(Status.Code.ABORTED, () -> h.createVolume("pvc-1")).contains("pvc-1");
      h.createVolume("pvc-2");
    }
    h.createVolume("pvc-1");
    assertThat(h.backendVolumes()).hasSize(2);
  }

  @Test
  void operationsOnAVolumeInProgressAreAborted() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    String other = h.createVolume("pvc-2").getVolumeId();

    try (ControllerInFlight.Claim _ = h.inFlight().claim(new OperationKey.Volume(volumeId))) {
      assertFailsWith(Status.Code.ABORTED, () -> h.controller().deleteVolume(delete(volumeId)));
      assertFailsWith(Status.Code.ABORTED, () -> h.controller().controllerExpandVolume(expand(volumeId)));
      assertFailsWith(
          Status.Code.ABORTED,
          () ->
              h.controller()
                  .controllerModifyVolume(
                      ControllerModifyVolumeRequest.newBuilder().setVolumeId(volumeId).putMutableParameters("tagSpecification_1", "a=b").build()));
      h.controller().controllerExpandVolume(expand(other));
    }
    h.controller().deleteVolume(delete(volumeId));
  }

  @Test
  void publishOfAVolumeOnANodeInProgressIsAborted() {
    String volumeId = h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_A))).getVolumeId();

    try (ControllerInFlight.Claim _ = h.inFlight().claim(new OperationKey.Publication(volumeId, NODE_A))) {
      assertFailsWith(Status.Code.ABORTED, () -> h.publish(volumeId, NODE_A));
      assertFailsWith(
          Status.Code.ABORTED, () -> h.controller().controllerUnpublishVolume(PublishTest.unpublish(volumeId, NODE_A)));
    }
    h.publish(volumeId, NODE_A);
  }

  @Test
  void snapshotOperationsInProgressAreAborted() {
    String volumeId = h.createVolume("pvc-1").getVolumeId();
    String snapshotId = h.createSnapshot("snap-1", volumeId).getSnapshotId();

    try (ControllerInFlight.Claim _ = h.inFlight().claim(new OperationKey.SnapshotName("snap-2"));
        ControllerInFlight.Claim _ = h.inFlight().claim(new OperationKey.Snapshot(snapshotId))) {
      assertFailsWith(Status.Code.ABORTED, () -> h.createSnapshot("snap-2", volumeId));
      assertFailsWith(
          Status.Code.ABORTED,
          () -> h.controller().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build()));
    }
    h.controller().createSnapshot(CreateSnapshotRequest.newBuilder().setName("snap-2").setSourceVolumeId(volumeId).build());
  }

  @Test
  void secondPublishWhileTheFirstWaitsForAStuckAttachmentIsAborted() throws Exception {
    String volumeId = h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_A))).getVolumeId();
    h.simulate(
        SimulationConfig.newBuilder()
            .addStuckAttachments(StuckAttachment.newBuilder().setVolumeId(volumeId).setNodeId(NODE_A))
            .build());

    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<ControllerPublishVolumeResponse> first =
          CompletableFuture.supplyAsync(
              () -> h.controller(Duration.ofSeconds(60)).controllerPublishVolume(publishRequest(volumeId, NODE_A)), pool);
      awaitAttaching(volumeId);

      assertFailsWith(Status.Code.ABORTED, () -> h.publish(volumeId, NODE_A)).contains(volumeId);

      h.simulate(SimulationConfig.getDefaultInstance());
      assertThat(first.get(60, TimeUnit.SECONDS).getPublishContextMap()).containsKey(VolumeContextKeys.BACKING_FILE);
    }
  }

  /** Waits (bounded) until the backend shows the first publish's attachment in ATTACHING. */
  private void awaitAttaching(String volumeId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (h.backend()
        .describeAttachments(DescribeAttachmentsRequest.newBuilder().setVolumeId(volumeId).build())
        .getAttachmentsList()
        .stream()
        .noneMatch(a -> a.getState() == AttachmentState.ATTACHING)) {
      assertThat(System.nanoTime()).as("attachment in ATTACHING within 30 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Creates like a sidecar would: an ABORTED answer is retried. */
  private String createRetryingWhileAborted(String name) {
    for (int attempt = 0; attempt < 10_000; attempt++) {
      try {
        return h.createVolume(name).getVolumeId();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ABORTED) {
          throw e;
        }
      }
    }
    throw new AssertionError("still ABORTED after 10000 attempts");
  }

  private static DeleteVolumeRequest delete(String volumeId) {
    return DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build();
  }

  private static ControllerExpandVolumeRequest expand(String volumeId) {
    return ControllerExpandVolumeRequest.newBuilder()
        .setVolumeId(volumeId)
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(2 * GIB))
        .build();
  }
}
