package dev.simebs.backend.volumestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.common.testing.TestMounts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend's own reflink store on a host file system without reflink (this machine's ext4):
 * made and mounted at start, a snapshot is cut before CreateSnapshot answers, the store is let go
 * at close unless a volume file is still open, and a later start reuses it.
 */
class ReflinkStoreTest {

  @TempDir Path dir;
  private Path dataDir;
  private final HostTools tools = new HostTools();

  @BeforeEach
  void requireRootAndXfs() {
    HostRequirements.assumeTools("mkfs.xfs", "findmnt");
    dataDir = dir.resolve("data");
  }

  @AfterEach
  void unmountWhatAFailedTestLeft() throws Exception {
    TestMounts.unmountUnder(dir);
  }

  private boolean isMountPoint(Path path) throws IOException {
    return tools.run(List.of("findmnt", "-n", "--mountpoint", path.toString())).exitCode() == 0;
  }

  private static BackendSim open(Path dataDir, VolumeStoreMode mode) throws IOException {
    return BackendSim.open(BackendConfig.defaults(dataDir).withVolumeStore(mode));
  }

  private static void write(Path file, String text) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
    }
  }

  private static String read(Path file, int length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(length);
      channel.read(buffer, 0);
      return new String(buffer.array(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aSnapshotInTheBackendsOwnStoreIsCutBeforeItsAnswer() throws IOException {
    try (BackendSim sim = open(dataDir, VolumeStoreMode.AUTO);
        BackendConnection connection = BackendConnection.inProcess(sim.services())) {
      assertThat(sim.copyMethod()).isEqualTo(CopyMethod.REFLINK);
      assertThat(isMountPoint(dataDir.resolve("volumes"))).isTrue();
      Volume volume = connection.backend()
          .createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1).build()).getVolume();
      Path file = Path.of(volume.getBackingFile());
      assertThat(file.getParent()).isEqualTo(dataDir.resolve("volumes"));
      write(file, "before");

      Snapshot snapshot = connection.backend().createSnapshot(CreateSnapshotRequest.newBuilder()
          .setVolumeId(volume.getVolumeId()).build()).getSnapshot();
      write(file, "after!");

      assertThat(snapshot.getState()).isEqualTo(SnapshotState.COMPLETED);
      assertThat(snapshot.getPointInTime()).isTrue();
      Path copy = dataDir.resolve("snapshots").resolve(snapshot.getSnapshotId() + ".img");
      assertThat(read(copy, 6)).isEqualTo("before");
    }
    assertThat(isMountPoint(dataDir.resolve("volumes"))).isFalse();
    assertThat(isMountPoint(dataDir.resolve("store"))).isFalse();
    assertThat(dataDir.resolve("store.img")).exists();
  }

  @Test
  void aStoreInUseStaysMountedAndTheNextStartReusesIt() throws IOException {
    Path file;
    FileChannel heldByANode; // a node's loop device holds its volume file open, as this does
    try (BackendSim sim = open(dataDir, VolumeStoreMode.REFLINK_IMAGE);
        BackendConnection connection = BackendConnection.inProcess(sim.services())) {
      Volume volume = connection.backend()
          .createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1).build()).getVolume();
      file = Path.of(volume.getBackingFile());
      write(file, "kept");
      heldByANode = FileChannel.open(file, StandardOpenOption.READ);
    }
    try (heldByANode) {
      assertThat(isMountPoint(dataDir.resolve("volumes"))).isTrue();

      try (BackendSim next = open(dataDir, VolumeStoreMode.AUTO)) {
        assertThat(next.copyMethod()).isEqualTo(CopyMethod.REFLINK);
        assertThat(read(file, 4)).isEqualTo("kept");
        assertThat(next.reconciliation().isClean()).isTrue();
      }
    }
    try (BackendSim last = open(dataDir, VolumeStoreMode.AUTO)) {
      assertThat(last.copyMethod()).isEqualTo(CopyMethod.REFLINK);
      assertThat(read(file, 4)).isEqualTo("kept");
    }
    assertThat(isMountPoint(dataDir.resolve("volumes"))).isFalse();
  }

  @Test
  void theDataDirWithoutReflinkSaysItsCopiesAreNotPointInTime() throws IOException {
    try (BackendSim sim = open(dataDir, VolumeStoreMode.DATA_DIR)) {
      assumeTrue(sim.copyMethod() == CopyMethod.EXTENTS, "this host's file system reflinks");
      assertThat(sim.volumeStore()).contains("NOT point-in-time");
      assertThat(isMountPoint(dataDir.resolve("volumes"))).isFalse();
    }
  }
}
