package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DeleteSnapshotRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.common.testing.ImageData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots, restores and clones are filled in the background, as a cloud's are: the call answers
 * at once, the object is PENDING or CREATING while its copy runs, and a restart resumes the copy.
 * These tests run where the data directory cannot reflink (the project's ext4), so copies move
 * extents; a simulated copy rate of 1 MiB/s keeps a copy running while the test looks at it, and
 * lifting the rate lets it finish.
 */
class CopiesTest {

  private static final int MIB = 1 << 20;
  private static final int WRITTEN_MIB = 16;

  @TempDir Path dataDir;
  TestBackend backend;

  @BeforeEach
  void open() throws IOException {
    backend = TestBackend.open(dataDir);
    assumeTrue(backend.sim().copyMethod() == CopyMethod.EXTENTS,
        "the data directory can reflink; these tests are about extent copies");
    backend.registerNode("node-a", "sim-a");
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private void copyRate(int mibPerSecond) {
    backend.admin().setSimulation(
        SimulationConfig.newBuilder().setCopyMibPerSecond(mibPerSecond).build());
  }

  /** A slowed copy is let go and awaited. */
  private void finishCopies() {
    copyRate(0);
    backend.sim().copies().awaitIdle();
  }

  private Volume volumeWithData(long seed) throws IOException {
    Volume volume = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a"));
    ImageData.writeRandom(Path.of(volume.getBackingFile()), 0, WRITTEN_MIB, seed);
    return volume;
  }

  private Snapshot startSnapshot(String volumeId, String token) {
    return backend.api().createSnapshot(CreateSnapshotRequest.newBuilder()
        .setVolumeId(volumeId).setClientToken(token).build()).getSnapshot();
  }

  private Path snapshotFile(String snapshotId) {
    return dataDir.resolve("snapshots").resolve(snapshotId + ".img");
  }

  private static byte[] head(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(WRITTEN_MIB * MIB);
      while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
        // keep reading
      }
      return buffer.array();
    }
  }

  @Test
  void createSnapshotAnswersPendingAtOnceAndCompletesWhenTheCopyIsDone() throws IOException {
    Volume volume = volumeWithData(1);
    copyRate(1);

    Snapshot pending = startSnapshot(volume.getVolumeId(), "first");

    assertThat(pending.getState()).isEqualTo(SnapshotState.PENDING);
    assertThat(pending.getProgressPercent()).isLessThan(100);
    assertThat(pending.getPointInTime()).isTrue();
    finishCopies();
    Snapshot done = backend.describeSnapshot(pending.getSnapshotId());
    assertThat(done.getState()).isEqualTo(SnapshotState.COMPLETED);
    assertThat(done.getProgressPercent()).isEqualTo(100);
    assertThat(head(snapshotFile(done.getSnapshotId())))
        .isEqualTo(head(Path.of(volume.getBackingFile())));
  }

  @Test
  void repeatsWithTheSameTokenAnswerTheSameSnapshotAndStartNoOtherCopy() throws IOException {
    Volume volume = volumeWithData(2);
    copyRate(1);

    Snapshot first = startSnapshot(volume.getVolumeId(), "same-name");
    Snapshot second = startSnapshot(volume.getVolumeId(), "same-name");
    Snapshot third = startSnapshot(volume.getVolumeId(), "same-name");

    assertThat(second.getSnapshotId()).isEqualTo(first.getSnapshotId());
    assertThat(third.getSnapshotId()).isEqualTo(first.getSnapshotId());
    assertThat(third.getState()).isEqualTo(SnapshotState.PENDING);
    assertThat(backend.sim().copies().startedCount()).isEqualTo(1);
    finishCopies();
    try (Stream<Path> images = Files.list(dataDir.resolve("snapshots"))) {
      assertThat(images).containsExactly(snapshotFile(first.getSnapshotId()));
    }
  }

  @Test
  void anAvailableVolumeIsNotAttachedWhileAnExtentCopyReadsIt() throws IOException {
    Volume volume = volumeWithData(3);
    copyRate(1);
    Snapshot pending = startSnapshot(volume.getVolumeId(), "guarded");

    assertFails(ErrorReason.INCORRECT_STATE, () -> backend.attach(volume.getVolumeId(), "node-a"))
        .hasMessageContaining(pending.getSnapshotId());
    finishCopies();
    assertThat(backend.attach(volume.getVolumeId(), "node-a").getVolumeId())
        .isEqualTo(volume.getVolumeId());
  }

  @Test
  void aSnapshotOfAnAttachedVolumeWithoutReflinkSaysItIsNotPointInTime() throws IOException {
    Volume volume = volumeWithData(4);
    backend.attach(volume.getVolumeId(), "node-a");

    Snapshot snapshot = backend.snapshot(volume.getVolumeId());

    assertThat(snapshot.getPointInTime()).isFalse();
    assertThat(snapshot.getStatusMessage()).contains("not point-in-time");
  }

  @Test
  void deletingAPendingSnapshotStopsItsCopyAndItsFileGoes() throws IOException {
    Volume volume = volumeWithData(5);
    copyRate(1);
    Snapshot pending = startSnapshot(volume.getVolumeId(), "doomed");

    backend.api().deleteSnapshot(
        DeleteSnapshotRequest.newBuilder().setSnapshotId(pending.getSnapshotId()).build());
    backend.sim().copies().awaitIdle();

    assertThat(snapshotFile(pending.getSnapshotId())).doesNotExist();
    assertFails(ErrorReason.SNAPSHOT_NOT_FOUND,
        () -> backend.describeSnapshot(pending.getSnapshotId()));
  }

  @Test
  void aVolumeDeletedWhileItIsCopiedKeepsItsFileUntilTheCopyIsDone() throws IOException {
    Volume volume = volumeWithData(6);
    byte[] written = head(Path.of(volume.getBackingFile()));
    copyRate(1);
    Snapshot pending = startSnapshot(volume.getVolumeId(), "outlives");

    backend.api().deleteVolume(
        DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
    assertThat(Path.of(volume.getBackingFile())).exists();
    finishCopies();

    assertThat(backend.describeSnapshot(pending.getSnapshotId()).getState())
        .isEqualTo(SnapshotState.COMPLETED);
    assertThat(head(snapshotFile(pending.getSnapshotId()))).isEqualTo(written);
    assertThat(Path.of(volume.getBackingFile())).doesNotExist();
  }

  @Test
  void aRestoreIsCreatingUntilItIsFilledAndCannotBeAttachedMeanwhile() throws IOException {
    Volume source = volumeWithData(7);
    Snapshot snapshot = backend.snapshot(source.getVolumeId());
    copyRate(1);

    Volume restoring = backend.api().createVolume(CreateVolumeRequest.newBuilder()
        .setSizeGib(2).setZone("sim-a").setSnapshotId(snapshot.getSnapshotId()).build())
        .getVolume();

    assertThat(restoring.getState()).isEqualTo(VolumeState.CREATING);
    assertFails(ErrorReason.INCORRECT_STATE,
        () -> backend.attach(restoring.getVolumeId(), "node-a"));
    finishCopies();
    Volume restored = backend.describe(restoring.getVolumeId());
    assertThat(restored.getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(Files.size(Path.of(restored.getBackingFile()))).isEqualTo(2L << 30);
    assertThat(head(Path.of(restored.getBackingFile())))
        .isEqualTo(head(Path.of(source.getBackingFile())));
  }

  @Test
  void copiesStoppedByAShutdownAreCopiedAgainAfterTheRestart() throws IOException {
    Volume source = volumeWithData(8);
    Snapshot completed = backend.snapshot(source.getVolumeId());
    copyRate(1);
    Snapshot pending = startSnapshot(source.getVolumeId(), "across-restart");
    Volume restoring = backend.api().createVolume(CreateVolumeRequest.newBuilder()
        .setSizeGib(1).setZone("sim-a").setSnapshotId(completed.getSnapshotId()).build())
        .getVolume();

    backend.restart(); // the copy rate is not persisted: the resumed copies run at full speed
    backend.sim().copies().awaitIdle();

    assertThat(backend.sim().copies().startedCount()).isEqualTo(2);
    assertThat(backend.describeSnapshot(pending.getSnapshotId()).getState())
        .isEqualTo(SnapshotState.COMPLETED);
    assertThat(head(snapshotFile(pending.getSnapshotId())))
        .isEqualTo(head(Path.of(source.getBackingFile())));
    Volume restored = backend.describe(restoring.getVolumeId());
    assertThat(restored.getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(head(Path.of(restored.getBackingFile())))
        .isEqualTo(head(Path.of(source.getBackingFile())));
  }

  @Test
  void aCopyWhoseSourceImageIsGoneFailsItsTarget() throws IOException {
    Volume volume = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a"));
    Files.delete(Path.of(volume.getBackingFile()));

    Snapshot failed = backend.snapshot(volume.getVolumeId());

    assertThat(failed.getState()).isEqualTo(SnapshotState.SNAPSHOT_ERROR);
    assertThat(failed.getStatusMessage()).contains(volume.getVolumeId()).contains("missing");
    assertThat(snapshotFile(failed.getSnapshotId())).doesNotExist();
    assertThat(backend.api().describeSnapshots(DescribeSnapshotsRequest.newBuilder()
        .addFilters(dev.simebs.backend.api.Filter.newBuilder().setName("state").addValues("error"))
        .build()).getSnapshotsList()).extracting(Snapshot::getSnapshotId)
        .containsExactly(failed.getSnapshotId());
  }
}
