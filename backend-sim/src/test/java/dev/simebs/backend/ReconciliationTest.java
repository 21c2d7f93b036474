package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.ListQuarantineRequest;
import dev.simebs.backend.api.PurgeQuarantinedRequest;
import dev.simebs.backend.api.QuarantinedFile;
import dev.simebs.backend.api.RestoreQuarantinedRequest;
import dev.simebs.backend.api.RestoreQuarantinedResponse;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.reconcile.Reconciler;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restart does with files and rows that disagree: it never deletes what it cannot account
 * for, never recreates a volume that may have held data, and refuses to start on an empty
 * database beside a store full of images.
 */
class ReconciliationTest {

  private static final String STRAY_VOLUME = "vol-0123456789abcdef0";
  private static final String STRAY_SNAPSHOT = "snap-0123456789abcdef0";

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

  private List<QuarantinedFile> quarantine() {
    return backend.admin().listQuarantine(ListQuarantineRequest.getDefaultInstance())
        .getFilesList();
  }

  private RestoreQuarantinedResponse restore(String name) {
    return backend.admin().restoreQuarantined(
        RestoreQuarantinedRequest.newBuilder().setName(name).build());
  }

  private Path volumeImage(String id) {
    return dataDir.resolve("volumes").resolve(id + ".img");
  }

  @Test
  void anImageWithoutARowIsQuarantinedNotDeleted() throws IOException {
    backend.createVolume(1);
    Files.writeString(volumeImage(STRAY_VOLUME), "someone's data");
    Files.writeString(dataDir.resolve("snapshots").resolve(STRAY_SNAPSHOT + ".img"), "more");

    backend.restart();

    assertThat(volumeImage(STRAY_VOLUME)).doesNotExist();
    assertThat(dataDir.resolve("quarantine/volumes").resolve(STRAY_VOLUME + ".img"))
        .hasContent("someone's data");
    assertThat(backend.sim().reconciliation()).isEqualTo(new Reconciler.Report(2, 0, 0));
    assertThat(quarantine()).extracting(QuarantinedFile::getName, QuarantinedFile::getResourceId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("snapshots/" + STRAY_SNAPSHOT + ".img",
                STRAY_SNAPSHOT),
            org.assertj.core.groups.Tuple.tuple("volumes/" + STRAY_VOLUME + ".img",
                STRAY_VOLUME));
  }

  @Test
  void aSecondFileOfTheSameNameNeverOverwritesTheFirstInQuarantine() throws IOException {
    backend.createVolume(1);
    Files.writeString(volumeImage(STRAY_VOLUME), "first");
    backend.restart();
    Files.writeString(volumeImage(STRAY_VOLUME), "second");

    backend.restart();

    assertThat(dataDir.resolve("quarantine/volumes/" + STRAY_VOLUME + ".img")).hasContent("first");
    assertThat(dataDir.resolve("quarantine/volumes/" + STRAY_VOLUME + ".img.1"))
        .hasContent("second");
  }

  @Test
  void anImageWhoseDeleteCommittedButWasNotUnlinkedIsRemovedNotQuarantined() throws IOException {
    Volume volume = backend.createVolume(1);
    Path file = Path.of(volume.getBackingFile());
    Path aside = dataDir.resolve("aside.img");
    Files.move(file, aside);
    backend.api().deleteVolume(dev.simebs.backend.api.DeleteVolumeRequest.newBuilder()
        .setVolumeId(volume.getVolumeId()).build());
    Files.move(aside, file); // as if the process died between the commit and the unlink

    backend.restart();

    assertThat(file).doesNotExist();
    assertThat(quarantine()).isEmpty();
    assertThat(backend.sim().reconciliation().isClean()).isTrue();
  }

  @Test
  void anUnexpectedFileIsQuarantined() throws IOException {
    backend.createVolume(1);
    Files.writeString(dataDir.resolve("volumes/notes.txt"), "hello");

    backend.restart();

    assertThat(dataDir.resolve("volumes/notes.txt")).doesNotExist();
    assertThat(dataDir.resolve("quarantine/volumes/notes.txt")).hasContent("hello");
  }

  @Test
  void aStartOnAnEmptyDatabaseBesideImagesIsRefusedAndTouchesNothing() throws IOException {
    Volume volume = backend.createVolume(1);
    backend.close();
    for (String name : List.of("backend.db", "backend.db-wal", "backend.db-shm")) {
      Files.deleteIfExists(dataDir.resolve(name));
    }

    assertThatThrownBy(() -> BackendSim.open(BackendConfig.defaults(dataDir)))
        .isInstanceOf(Reconciler.UnknownImages.class)
        .hasMessageContaining("refusing to start")
        .hasMessageContaining("--allow-empty-database");
    assertThat(Path.of(volume.getBackingFile())).exists();

    try (BackendSim allowed =
        BackendSim.open(BackendConfig.defaults(dataDir).withAllowEmptyDatabase(true))) {
      assertThat(allowed.reconciliation().quarantined()).isEqualTo(1);
    }
    assertThat(dataDir.resolve("quarantine/volumes").resolve(volume.getVolumeId() + ".img"))
        .exists();
    backend = TestBackend.open(dataDir);
  }

  @Test
  void acknowledgedVolumesKeepTheirFiles() throws IOException {
    Volume volume = backend.createVolume(1);

    backend.restart();

    assertThat(Path.of(volume.getBackingFile())).exists();
    assertThat(backend.describe(volume.getVolumeId()).getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  @Test
  void aBlankVolumeNeverAttachedWhoseFileWasLostIsRecreatedAllZeroAtItsSize() throws IOException {
    Volume volume = backend.createVolume(2);
    Path file = Path.of(volume.getBackingFile());
    Files.delete(file);

    backend.restart();

    assertThat(backend.describe(volume.getVolumeId()).getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(Files.size(file)).isEqualTo(2L << 30);
    try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "r")) {
      assertThat(image.read()).isZero();
    }
    assertThat(backend.sim().reconciliation().recreatedBlank()).isEqualTo(1);
  }

  @Test
  void aBlankVolumeOnceAttachedWhoseFileIsMissingIsErrorAndNeverRecreated() throws IOException {
    backend.registerNode("node-a", "sim-a");
    Volume volume = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a"));
    backend.attach(volume.getVolumeId(), "node-a");
    backend.api().detachVolume(DetachVolumeRequest.newBuilder()
        .setVolumeId(volume.getVolumeId()).setNodeId("node-a").build());
    Files.delete(Path.of(volume.getBackingFile()));

    backend.restart();

    Volume after = backend.describe(volume.getVolumeId());
    assertThat(after.getState()).isEqualTo(VolumeState.ERROR);
    assertThat(after.getStatusMessage()).contains("missing");
    assertThat(Path.of(volume.getBackingFile())).doesNotExist();
  }

  @Test
  void aRestoredVolumeWhoseFileVanishedIsMarkedError() throws IOException {
    Snapshot snapshot = backend.snapshot(backend.createVolume(1).getVolumeId());
    Volume restored = backend.createVolume(r -> r.setSizeGib(1).setSnapshotId(snapshot.getSnapshotId()));
    Files.delete(Path.of(restored.getBackingFile()));

    backend.restart();

    assertThat(backend.describe(restored.getVolumeId()).getState()).isEqualTo(VolumeState.ERROR);
  }

  @Test
  void aSnapshotWhoseFileVanishedIsMarkedError() throws IOException {
    Snapshot snapshot = backend.snapshot(backend.createVolume(1).getVolumeId());
    Files.delete(dataDir.resolve("snapshots").resolve(snapshot.getSnapshotId() + ".img"));

    backend.restart();

    Snapshot after = backend.describeSnapshot(snapshot.getSnapshotId());
    assertThat(after.getState()).isEqualTo(SnapshotState.SNAPSHOT_ERROR);
    assertThat(after.getStatusMessage()).contains("missing");
  }

  @Test
  void aVolumeFileShorterThanItsSizeIsGrown() throws IOException {
    Volume volume = backend.createVolume(2);
    try (RandomAccessFile raf = new RandomAccessFile(volume.getBackingFile(), "rw")) {
      raf.setLength(1L << 30);
    }

    backend.restart();

    assertThat(Files.size(Path.of(volume.getBackingFile()))).isEqualTo(2L << 30);
  }

  @Test
  void aQuarantinedImageGoesBackToItsVolumeInError() throws IOException {
    backend.registerNode("node-a", "sim-a");
    Volume volume = backend.createVolume(r -> r.setSizeGib(1).setZone("sim-a"));
    backend.attach(volume.getVolumeId(), "node-a");
    Path file = Path.of(volume.getBackingFile());
    Files.writeString(file, "precious");
    Path aside = dataDir.resolve("aside.img");
    Files.move(file, aside);
    backend.restart();
    assertThat(backend.describe(volume.getVolumeId()).getState()).isEqualTo(VolumeState.ERROR);
    Files.createDirectories(dataDir.resolve("quarantine/volumes"));
    Files.move(aside, dataDir.resolve("quarantine/volumes").resolve(file.getFileName()),
        StandardCopyOption.ATOMIC_MOVE);

    RestoreQuarantinedResponse restored = restore("volumes/" + file.getFileName());

    assertThat(restored.getVolume().getState()).isEqualTo(VolumeState.IN_USE);
    assertThat(backend.describe(volume.getVolumeId()).getStatusMessage()).isEmpty();
    try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "r")) {
      byte[] head = new byte[8];
      image.readFully(head);
      assertThat(new String(head)).isEqualTo("precious");
      assertThat(image.length()).isEqualTo(1L << 30);
    }
    assertThat(quarantine()).isEmpty();
  }

  @Test
  void aQuarantinedImageWithoutARowIsAdoptedUnderItsOwnId() throws IOException {
    backend.createVolume(1);
    try (RandomAccessFile stray = new RandomAccessFile(volumeImage(STRAY_VOLUME).toFile(), "rw")) {
      stray.setLength(3L << 30);
    }
    backend.restart();

    Volume adopted = restore("volumes/" + STRAY_VOLUME + ".img").getVolume();

    assertThat(adopted.getVolumeId()).isEqualTo(STRAY_VOLUME);
    assertThat(adopted.getSizeGib()).isEqualTo(3);
    assertThat(adopted.getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(adopted.getStatusMessage()).contains("adopted");
    assertThat(backend.describe(STRAY_VOLUME).getBackingFile())
        .isEqualTo(volumeImage(STRAY_VOLUME).toString());
    backend.restart();
    assertThat(backend.sim().reconciliation().isClean()).isTrue();
  }

  @Test
  void purgeDeletesAQuarantinedFileForGood() throws IOException {
    backend.createVolume(1);
    Files.writeString(volumeImage(STRAY_VOLUME), "junk");
    backend.restart();

    backend.admin().purgeQuarantined(
        PurgeQuarantinedRequest.newBuilder().setName("volumes/" + STRAY_VOLUME + ".img").build());

    assertThat(quarantine()).isEmpty();
    try (Stream<Path> left = Files.list(dataDir.resolve("quarantine/volumes"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aDirectoryOthersPutInQuarantineIsListedAsOneEntry() throws IOException {
    Files.createDirectories(dataDir.resolve("quarantine/filesystems-fs-1/inside"));
    Files.writeString(dataDir.resolve("quarantine/filesystems-fs-1/inside/file"), "x");

    assertThat(quarantine()).extracting(QuarantinedFile::getName)
        .containsExactly("filesystems-fs-1");
  }

  @Test
  void quarantineNamesThatLeaveTheQuarantineAreRefused() {
    for (String name : List.of("../backend.db", "volumes/../../backend.db", "/etc/passwd", "")) {
      assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> restore(name));
      assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.admin().purgeQuarantined(
          PurgeQuarantinedRequest.newBuilder().setName(name).build()));
    }
    assertThat(dataDir.resolve("backend.db")).exists();
  }

  @Test
  void backendIsReadyOnceOpen() {
    assertThat(backend.sim().ready()).isTrue();
  }
}
