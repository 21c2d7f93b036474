package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.DeleteSnapshotRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.files.NativeFiles;
import dev.simebs.common.testing.ImageData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsTest {

  private static final long MIB = 1 << 20;

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

  private static byte[] read(Path file, long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
        // keep reading
      }
    }
    return buffer.array();
  }

  private Path snapshotFile(Snapshot snapshot) {
    return dataDir.resolve("snapshots").resolve(snapshot.getSnapshotId() + ".img");
  }

  @Test
  void snapshotOfA10GibVolumeWith10MibWrittenCopiesAbout10Mib() throws IOException {
    Volume volume = backend.createVolume(10);
    Path volumeFile = Path.of(volume.getBackingFile());
    byte[] head = ImageData.writeRandom(volumeFile, 0, 5, 1);
    byte[] tail = ImageData.writeRandom(volumeFile, 7L << 30, 5, 2);

    Snapshot snapshot = backend.snapshot(volume.getVolumeId());

    Path copy = snapshotFile(snapshot);
    assertThat(snapshot.getState()).isEqualTo(SnapshotState.COMPLETED);
    assertThat(snapshot.getProgressPercent()).isEqualTo(100);
    assertThat(Files.size(copy)).isEqualTo(10L << 30);
    long allocated = new NativeFiles().allocatedBytes(copy);
    assertThat(allocated).isBetween(10 * MIB, 11 * MIB);
    assertThat(snapshot.getAllocatedBytes()).isEqualTo(allocated);
    assertThat(read(copy, 0, head.length)).isEqualTo(head);
    assertThat(read(copy, 7L << 30, tail.length)).isEqualTo(tail);
    assertThat(read(copy, 3L << 30, 4096)).containsOnly(0);
  }

  @Test
  void volumeFromSnapshotHasTheSnapshotsBytesAndGrowsToItsSize() throws IOException {
    Volume source = backend.createVolume(2);
    byte[] data = ImageData.writeRandom(Path.of(source.getBackingFile()), 1L << 30, 1, 3);
    Snapshot snapshot = backend.snapshot(source.getVolumeId());

    Volume restored = backend.createVolume(r -> r.setSizeGib(4).setSnapshotId(snapshot.getSnapshotId()));

    Path file = Path.of(restored.getBackingFile());
    assertThat(restored.getSnapshotId()).isEqualTo(snapshot.getSnapshotId());
    assertThat(Files.size(file)).isEqualTo(4L << 30);
    assertThat(read(file, 1L << 30, data.length)).isEqualTo(data);
  }

  @Test
  void cloneHasTheSourceVolumesBytes() throws IOException {
    Volume source = backend.createVolume(1);
    byte[] data = ImageData.writeRandom(Path.of(source.getBackingFile()), 0, 1, 4);

    Volume clone = backend.createVolume(r -> r.setSizeGib(1).setSourceVolumeId(source.getVolumeId()));

    assertThat(read(Path.of(clone.getBackingFile()), 0, data.length)).isEqualTo(data);
  }

  @Test
  void restoringIntoASmallerVolumeIsInvalid() {
    Snapshot snapshot = backend.snapshot(backend.createVolume(4).getVolumeId());

    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> backend.createVolume(r -> r.setSizeGib(2).setSnapshotId(snapshot.getSnapshotId())))
        .hasMessageContaining("size_gib");
  }

  @Test
  void snapshotOutlivesItsVolume() {
    Volume volume = backend.createVolume(1);
    Snapshot snapshot = backend.snapshot(volume.getVolumeId());

    backend.api().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());

    assertThat(snapshotFile(snapshot)).exists();
    assertThat(backend.api().describeSnapshots(DescribeSnapshotsRequest.newBuilder()
        .addSnapshotIds(snapshot.getSnapshotId()).build()).getSnapshotsList()).hasSize(1);
  }

  @Test
  void deletedSnapshotIsGoneWithItsFile() {
    Snapshot snapshot = backend.snapshot(backend.createVolume(1).getVolumeId());
    DeleteSnapshotRequest delete =
        DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build();

    backend.api().deleteSnapshot(delete);

    assertThat(snapshotFile(snapshot)).doesNotExist();
    assertFails(ErrorReason.SNAPSHOT_NOT_FOUND, () -> backend.api().deleteSnapshot(delete));
  }

  @Test
  void snapshotsAreListedByVolume() {
    Volume a = backend.createVolume(1);
    Volume b = backend.createVolume(1);
    Snapshot ofA = backend.snapshot(a.getVolumeId());
    backend.snapshot(b.getVolumeId());

    assertThat(backend.api().describeSnapshots(DescribeSnapshotsRequest.newBuilder()
        .setVolumeId(a.getVolumeId()).build()).getSnapshotsList())
        .extracting(Snapshot::getSnapshotId).containsExactly(ofA.getSnapshotId());
  }

  @Test
  void clientTokenFilterFindsTheSnapshotMadeWithThatToken() {
    String volumeId = backend.createVolume(1).getVolumeId();
    Snapshot wanted = backend.api().createSnapshot(CreateSnapshotRequest
        .newBuilder().setVolumeId(volumeId).setClientToken("snap-token").build()).getSnapshot();
    backend.snapshot(volumeId);

    assertThat(backend.api().describeSnapshots(DescribeSnapshotsRequest.newBuilder()
        .addFilters(Filter.newBuilder().setName("client-token")
            .addValues("snap-token")).build()).getSnapshotsList())
        .extracting(Snapshot::getSnapshotId)
        .containsExactly(wanted.getSnapshotId());
  }

  @Test
  void snapshotOfAnUnknownVolumeIsVolumeNotFound() {
    assertFails(ErrorReason.VOLUME_NOT_FOUND, () -> backend.snapshot("vol-0123456789abcdef0"));
  }
}
