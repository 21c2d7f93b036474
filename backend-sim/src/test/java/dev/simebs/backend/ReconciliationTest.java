package dev.simebs.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restart does with files and rows that disagree. */
class ReconciliationTest {

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

  @Test
  void imageWithoutARowIsDeletedOnStart() throws IOException {
    Path orphan = Files.createFile(dataDir.resolve("volumes/vol-0123456789abcdef0.img"));
    Path orphanSnapshot = Files.createFile(dataDir.resolve("snapshots/snap-0123456789abcdef0.img"));

    backend.restart();

    assertThat(orphan).doesNotExist();
    assertThat(orphanSnapshot).doesNotExist();
  }

  @Test
  void unexpectedFileIsQuarantined() throws IOException {
    Files.writeString(dataDir.resolve("volumes/notes.txt"), "hello");

    backend.restart();

    assertThat(dataDir.resolve("volumes/notes.txt")).doesNotExist();
    assertThat(dataDir.resolve("quarantine/notes.txt")).hasContent("hello");
  }

  @Test
  void acknowledgedVolumesKeepTheirFiles() throws IOException {
    Volume volume = backend.createVolume(1);

    backend.restart();

    assertThat(Path.of(volume.getBackingFile())).exists();
    assertThat(backend.describe(volume.getVolumeId()).getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  @Test
  void blankVolumeWhoseFileWasLostIsRecreatedAllZeroAtItsSize() throws IOException {
    Volume volume = backend.createVolume(2);
    Path file = Path.of(volume.getBackingFile());
    Files.delete(file);

    backend.restart();

    assertThat(backend.describe(volume.getVolumeId()).getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(Files.size(file)).isEqualTo(2L << 30);
    try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "r")) {
      assertThat(image.read()).isZero();
    }
  }

  @Test
  void restoredVolumeWhoseFileVanishedIsMarkedError() throws IOException {
    Snapshot snapshot = backend.snapshot(backend.createVolume(1).getVolumeId());
    Volume restored = backend.createVolume(r -> r.setSizeGib(1).setSnapshotId(snapshot.getSnapshotId()));
    Files.delete(Path.of(restored.getBackingFile()));

    backend.restart();

    assertThat(backend.describe(restored.getVolumeId()).getState()).isEqualTo(VolumeState.ERROR);
  }

  @Test
  void snapshotWhoseFileVanishedIsMarkedError() throws IOException {
    Snapshot snapshot = backend.snapshot(backend.createVolume(1).getVolumeId());
    Files.delete(dataDir.resolve("snapshots").resolve(snapshot.getSnapshotId() + ".img"));

    backend.restart();

    assertThat(backend.api().describeSnapshots(DescribeSnapshotsRequest.newBuilder()
        .addSnapshotIds(snapshot.getSnapshotId()).build()).getSnapshots(0).getState())
        .isEqualTo(SnapshotState.SNAPSHOT_ERROR);
  }

  @Test
  void volumeFileShorterThanItsSizeIsGrown() throws IOException {
    Volume volume = backend.createVolume(2);
    try (RandomAccessFile raf = new RandomAccessFile(volume.getBackingFile(), "rw")) {
      raf.setLength(1L << 30);
    }

    backend.restart();

    assertThat(Files.size(Path.of(volume.getBackingFile()))).isEqualTo(2L << 30);
  }

  @Test
  void backendIsReadyOnceOpen() {
    assertThat(backend.sim().ready()).isTrue();
  }
}
