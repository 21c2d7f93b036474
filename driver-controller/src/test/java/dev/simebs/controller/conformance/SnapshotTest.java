package dev.simebs.controller.conformance;

import static dev.simebs.controller.ControllerHarness.GIB;
import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteSnapshotResponse;
import csi.v1.GetSnapshotRequest;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import csi.v1.Snapshot;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.SimulationConfig;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotTest extends ConformanceTest {

  private String volumeId;

  @BeforeEach
  void sourceVolume() {
    volumeId = h.createVolume("source").getVolumeId();
  }

  @Test
  void snapshotIsABackendSnapshotOfItsSource() {
    Snapshot snapshot = h.createSnapshot("snap-1", volumeId);

    assertThat(ResourceIds.SNAPSHOT.isValid(snapshot.getSnapshotId())).isTrue();
    assertThat(snapshot.getSourceVolumeId()).isEqualTo(volumeId);
    assertThat(snapshot.getSizeBytes()).isEqualTo(GIB);
    assertThat(snapshot.getCreationTime().getSeconds()).isPositive();
    h.sim().copies().awaitIdle();
    assertThat(get(snapshot.getSnapshotId()).getReadyToUse()).isTrue();
  }

  @Test
  void snapshotStillBeingCopiedIsNotReadyYet() {
    h.simulate(
        SimulationConfig.newBuilder()
            .addLatencies(LatencyRule.newBuilder().setOperation("CreateSnapshot").setMinMillis(600_000).setMaxMillis(600_000))
            .build());

    Snapshot snapshot = h.createSnapshot("snap-1", volumeId);

    assertThat(snapshot.getReadyToUse()).isFalse();
    assertThat(get(snapshot.getSnapshotId()).getReadyToUse()).isFalse();
    assertThat(list(ListSnapshotsRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build()).getEntriesList())
        .singleElement()
        .satisfies(e -> assertThat(e.getSnapshot().getReadyToUse()).isFalse());
  }

  @Test
  void repeatedCreateAnswersTheSame() {
    CreateSnapshotRequest request = create("snap-1", volumeId).putParameters("tagSpecification_1", "a=b").build();

    CreateSnapshotResponse first = h.controller().createSnapshot(request);
    CreateSnapshotResponse second = h.controller().createSnapshot(request);

    // Only ready_to_use may change between the two: the backend copies in the background.
    assertThat(second.getSnapshot().toBuilder().clearReadyToUse().build())
        .isEqualTo(first.getSnapshot().toBuilder().clearReadyToUse().build());
    assertThat(h.backend().describeSnapshots(DescribeSnapshotsRequest.getDefaultInstance()).getSnapshotsList()).hasSize(1);
  }

  @Test
  void repeatWithOtherTagsOfTheSameSourceReturnsTheSameSnapshot() {
    Snapshot first = h.controller().createSnapshot(create("snap-1", volumeId).putParameters("tagSpecification_1", "a=b").build()).getSnapshot();

    Snapshot repeat = h.controller().createSnapshot(create("snap-1", volumeId).build()).getSnapshot();

    assertThat(repeat.toBuilder().clearReadyToUse().build()).isEqualTo(first.toBuilder().clearReadyToUse().build());
  }

  @Test
  void sameNameForAnotherVolumeIsAlreadyExists() {
    h.createSnapshot("snap-1", volumeId);
    String other = h.createVolume("other").getVolumeId();

    assertFailsWith(Status.Code.ALREADY_EXISTS, () -> h.createSnapshot("snap-1", other)).contains("snap-1");
  }

  @Test
  void missingSourceIsNotFound() {
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.createSnapshot("snap-1", "vol-00000000000000000"));
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.createSnapshot("snap-2", "some-vol-id"));
  }

  @Test
  void missingArgumentsAreInvalidAndNamed() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.createSnapshot("", volumeId)).contains("name");
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.createSnapshot("snap-1", "")).contains("source_volume_id");
  }

  @Test
  void unknownParameterIsInvalid() {
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.controller().createSnapshot(create("snap-1", volumeId).putParameters("retention", "7d").build()))
        .contains("retention");
  }

  @Test
  void snapshotterNamesAndTagsBecomeBackendTags() {
    Snapshot snapshot =
        h.controller()
            .createSnapshot(
                create("snap-1", volumeId)
                    .putParameters("csi.storage.k8s.io/volumesnapshot/name", "nightly")
                    .putParameters("tagSpecification_1", "backup=yes")
                    .build())
            .getSnapshot();

    var tags =
        h.backend()
            .describeSnapshots(DescribeSnapshotsRequest.newBuilder().addSnapshotIds(snapshot.getSnapshotId()).build())
            .getSnapshots(0)
            .getTagsList();
    assertThat(tags)
        .contains(
            CreateVolumeTest.tag("kubernetes.io/created-for/volumesnapshot/name", "nightly"),
            CreateVolumeTest.tag("backup", "yes"),
            CreateVolumeTest.tag("ebs.csi.simebs.dev/snapshot-name", "snap-1"));
  }

  @Test
  void deleteRemovesAndRepeatsAnswerTheSame() {
    String snapshotId = h.createSnapshot("snap-1", volumeId).getSnapshotId();

    DeleteSnapshotResponse first = h.controller().deleteSnapshot(delete(snapshotId));
    DeleteSnapshotResponse second = h.controller().deleteSnapshot(delete(snapshotId));

    assertThat(second).isEqualTo(first);
    assertFailsWith(Status.Code.NOT_FOUND, () -> get(snapshotId));
  }

  @Test
  void deleteOfWhatCannotExistSucceedsAndMissingIdIsInvalid() {
    h.controller().deleteSnapshot(delete("snap-00000000000000000"));
    h.controller().deleteSnapshot(delete("some-snapshot-id"));
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.controller().deleteSnapshot(delete(""))).contains("snapshot_id");
  }

  @Test
  void listFiltersBySnapshotAndBySourceVolume() {
    String other = h.createVolume("other").getVolumeId();
    String mine = h.createSnapshot("snap-1", volumeId).getSnapshotId();
    String theirs = h.createSnapshot("snap-2", other).getSnapshotId();

    assertThat(ids(list(ListSnapshotsRequest.getDefaultInstance()))).containsExactlyInAnyOrder(mine, theirs);
    assertThat(ids(list(ListSnapshotsRequest.newBuilder().setSnapshotId(mine).build()))).containsExactly(mine);
    assertThat(ids(list(ListSnapshotsRequest.newBuilder().setSourceVolumeId(other).build()))).containsExactly(theirs);
    assertThat(ids(list(ListSnapshotsRequest.newBuilder().setSnapshotId(mine).setSourceVolumeId(other).build()))).isEmpty();
  }

  @Test
  void listOfSomethingThatDoesNotExistIsEmpty() {
    h.createSnapshot("snap-1", volumeId);

    assertThat(list(ListSnapshotsRequest.newBuilder().setSnapshotId("snap-00000000000000000").build()).getEntriesList()).isEmpty();
    assertThat(list(ListSnapshotsRequest.newBuilder().setSnapshotId("none-exist-id").build()).getEntriesList()).isEmpty();
    assertThat(list(ListSnapshotsRequest.newBuilder().setSourceVolumeId("vol-00000000000000000").build()).getEntriesList()).isEmpty();
    assertThat(list(ListSnapshotsRequest.newBuilder().setSourceVolumeId("none-exist-id").build()).getEntriesList()).isEmpty();
  }

  @Test
  void listPagesWithTokens() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(h.createSnapshot("snap-" + i, volumeId).getSnapshotId());
    }

    ListSnapshotsResponse first = list(ListSnapshotsRequest.newBuilder().setMaxEntries(2).build());
    ListSnapshotsResponse second =
        list(ListSnapshotsRequest.newBuilder().setMaxEntries(2).setStartingToken(first.getNextToken()).build());

    assertThat(first.getEntriesList()).hasSize(2);
    assertThat(second.getNextToken()).isEmpty();
    List<String> seen = new ArrayList<>(ids(first));
    seen.addAll(ids(second));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void invalidStartingTokenIsAborted() {
    assertFailsWith(Status.Code.ABORTED, () -> list(ListSnapshotsRequest.newBuilder().setStartingToken("invalid-token").build()));
  }

  @Test
  void getFindsTheSnapshotAndMissingOnesAreNotFound() {
    Snapshot snapshot = h.createSnapshot("snap-1", volumeId);

    // Only ready_to_use may have changed since: the backend copies in the background.
    assertThat(get(snapshot.getSnapshotId()).toBuilder().clearReadyToUse().build())
        .isEqualTo(snapshot.toBuilder().clearReadyToUse().build());
    assertFailsWith(Status.Code.NOT_FOUND, () -> get("snap-00000000000000000"));
    assertFailsWith(Status.Code.NOT_FOUND, () -> get("some-snapshot-id"));
  }

  private Snapshot get(String snapshotId) {
    return h.controller().getSnapshot(GetSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build()).getSnapshot();
  }

  private ListSnapshotsResponse list(ListSnapshotsRequest request) {
    return h.controller().listSnapshots(request);
  }

  private static List<String> ids(ListSnapshotsResponse response) {
    return response.getEntriesList().stream().map(e -> e.getSnapshot().getSnapshotId()).toList();
  }

  private static CreateSnapshotRequest.Builder create(String name, String volumeId) {
    return CreateSnapshotRequest.newBuilder().setName(name).setSourceVolumeId(volumeId);
  }

  private static DeleteSnapshotRequest delete(String snapshotId) {
    return DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build();
  }
}
