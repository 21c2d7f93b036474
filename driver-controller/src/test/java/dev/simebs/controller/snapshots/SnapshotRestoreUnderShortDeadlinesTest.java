package dev.simebs.controller.snapshots;

import static dev.simebs.controller.ControllerHarness.GIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import csi.v1.CapacityRange;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.Snapshot;
import csi.v1.Volume;
import csi.v1.VolumeContentSource;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.files.NativeFiles;
import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.common.testing.TestMounts;
import dev.simebs.controller.ControllerHarness;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, part 3: a 20 GiB volume with 2 GiB written is snapshotted and restored by callers
 * that give every call one second and repeat it, as the sidecars do. Each object is copied
 * exactly once, the disk grows by one copy per object (by almost nothing in a reflink store,
 * whose copies share blocks), and the restored bytes are the written ones. Run on the data dir
 * as it is (extent copies on this machine's ext4) and, as root, in the backend's own reflink
 * store.
 */
class SnapshotRestoreUnderShortDeadlinesTest {

  private static final Duration DEADLINE = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int CHUNK = 1 << 20;
  private static final int CHUNKS = 2048; // 2 GiB
  /** Chunks are 10 MiB apart, so the data lies in many extents across the 20 GiB. */
  private static final long STRIDE = 10L << 20;
  private static final long SLACK = 64L << 20;

  @TempDir Path dir;
  private ControllerHarness h;

  @AfterEach
  void close() throws Exception {
    if (h != null) {
      h.close();
    }
    TestMounts.unmountUnder(dir);
  }

  @ParameterizedTest
  @EnumSource(value = VolumeStoreMode.class, names = {"DATA_DIR", "REFLINK_IMAGE"})
  void twoGibAreSnapshottedAndRestoredOnceWithOneSecondCallsAndMatch(VolumeStoreMode store)
      throws Exception {
    if (store == VolumeStoreMode.REFLINK_IMAGE) {
      HostRequirements.assumeTools("mkfs.xfs", "findmnt");
    }
    h = ControllerHarness.start(dir, ControllerHarness.CONFIG, c -> c.withVolumeStore(store));
    CopyMethod method = h.sim().copyMethod();
    assumeTrue(store == VolumeStoreMode.REFLINK_IMAGE || method == CopyMethod.EXTENTS,
        "this host's file system reflinks: the extent copy is not what runs here");
    Volume source = h.createVolume("big", b -> b.setCapacityRange(
        CapacityRange.newBuilder().setRequiredBytes(20 * GIB)));
    Path sourceFile = backingFile(source.getVolumeId());
    writeChunks(sourceFile);
    long before = diskUse(method);

    Calls snapshotCalls = new Calls();
    Snapshot snapshot = snapshotCalls.repeat(
        () -> h.controller(DEADLINE).createSnapshot(CreateSnapshotRequest.newBuilder()
            .setName("big-snap").setSourceVolumeId(source.getVolumeId()).build()).getSnapshot(),
        Snapshot::getReadyToUse);
    long afterSnapshot = diskUse(method);

    Calls restoreCalls = new Calls();
    Volume restored = restoreCalls.repeat(
        () -> h.controller(DEADLINE).createVolume(CreateVolumeRequest.newBuilder()
            .setName("big-restore")
            .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(20 * GIB))
            .addVolumeCapabilities(ControllerHarness.singleWriterMount())
            .setVolumeContentSource(VolumeContentSource.newBuilder().setSnapshot(
                VolumeContentSource.SnapshotSource.newBuilder()
                    .setSnapshotId(snapshot.getSnapshotId())))
            .build()).getVolume(),
        volume -> true);
    long afterRestore = diskUse(method);

    assertThat(h.sim().copies().startedCount()).as("copies started").isEqualTo(2);
    assertThat(h.backend().describeSnapshots(DescribeSnapshotsRequest.getDefaultInstance())
        .getSnapshotsList()).hasSize(1);
    assertThat(h.backend().describeVolumes(DescribeVolumesRequest.getDefaultInstance())
        .getVolumesList()).hasSize(2);
    assertThat(imageNames()).isEqualTo(Set.of(source.getVolumeId(), restored.getVolumeId(),
        snapshot.getSnapshotId()));
    long written = (long) CHUNKS * CHUNK;
    if (method == CopyMethod.EXTENTS) {
      assertThat(afterSnapshot - before).as("snapshot's disk use")
          .isBetween(written, written + SLACK);
      assertThat(afterRestore - afterSnapshot).as("restore's disk use")
          .isBetween(written, written + SLACK);
    } else {
      assertThat(afterSnapshot - before).as("snapshot's disk use (shared blocks)")
          .isLessThan(SLACK);
      assertThat(afterRestore - afterSnapshot).as("restore's disk use (shared blocks)")
          .isLessThan(SLACK);
    }
    assertChunksMatch(backingFile(restored.getVolumeId()));
    assertChunksMatch(dir.resolve("data/snapshots").resolve(snapshot.getSnapshotId() + ".img"));
    System.out.printf("%s (%s): snapshot after %d calls (%d timed out), +%d MiB; restore after %d"
            + " calls (%d timed out), +%d MiB%n", store, method, snapshotCalls.made,
        snapshotCalls.timedOut, (afterSnapshot - before) >> 20, restoreCalls.made,
        restoreCalls.timedOut, (afterRestore - afterSnapshot) >> 20);
  }

  /** A sidecar's way with a call: repeat it until it answers what it waits for. */
  private static final class Calls {
    int made;
    int timedOut;

    <T> T repeat(Supplier<T> call, Predicate<T> done) {
      while (true) {
        made++;
        try {
          T answer = call.get();
          if (done.test(answer)) {
            return answer;
          }
          // Answered, not done yet: ask again after a poll interval, as the snapshotter does.
          LockSupport.parkNanos(POLL.toNanos());
        } catch (StatusRuntimeException e) {
          Status.Code code = e.getStatus().getCode();
          // ABORTED: the previous attempt still holds the name for a moment after its deadline.
          if (code != Status.Code.DEADLINE_EXCEEDED && code != Status.Code.ABORTED) {
            throw e;
          }
          if (code == Status.Code.DEADLINE_EXCEEDED) {
            timedOut++;
          }
        }
        assertThat(made).as("calls").isLessThan(100_000);
      }
    }
  }

  private Path backingFile(String volumeId) {
    return Path.of(h.backendVolume(volumeId).getBackingFile());
  }

  private static byte[] chunk(int index) {
    byte[] data = new byte[CHUNK];
    new SplittableRandom(index).nextBytes(data);
    return data;
  }

  private static void writeChunks(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (int i = 0; i < CHUNKS; i++) {
        ByteBuffer buffer = ByteBuffer.wrap(chunk(i));
        while (buffer.hasRemaining()) {
          channel.write(buffer, i * STRIDE + buffer.position());
        }
      }
      channel.force(true);
    }
  }

  private static void assertChunksMatch(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
      for (int i = 0; i < CHUNKS; i++) {
        buffer.clear();
        while (buffer.hasRemaining() && channel.read(buffer, i * STRIDE + buffer.position()) > 0) {
          // keep reading
        }
        assertThat(buffer.array()).as("chunk %d of %s", i, file.getFileName())
            .isEqualTo(chunk(i));
      }
    }
  }

  /** What the images occupy: their blocks, or in a reflink store its file system's use. */
  private long diskUse(CopyMethod method) throws IOException {
    if (method == CopyMethod.REFLINK) {
      var store = Files.getFileStore(dir.resolve("data/store"));
      return store.getTotalSpace() - store.getUnallocatedSpace();
    }
    NativeFiles nativeFiles = new NativeFiles();
    long total = 0;
    for (String images : new String[] {"data/volumes", "data/snapshots"}) {
      try (Stream<Path> files = Files.list(dir.resolve(images))) {
        for (Path file : files.toList()) {
          total += nativeFiles.allocatedBytes(file);
        }
      }
    }
    return total;
  }

  private Set<String> imageNames() throws IOException {
    try (Stream<Path> volumes = Files.list(dir.resolve("data/volumes"));
        Stream<Path> snapshots = Files.list(dir.resolve("data/snapshots"))) {
      return Stream.concat(volumes, snapshots)
          .map(p -> p.getFileName().toString().replace(".img", ""))
          .collect(java.util.stream.Collectors.toSet());
    }
  }
}
