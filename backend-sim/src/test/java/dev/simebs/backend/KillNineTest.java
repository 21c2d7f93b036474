package dev.simebs.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.SnapshotState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.backend.BackendConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.common.testing.TestMounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a standalone backend with SIGKILL in the middle of a burst of creates, snapshots and
 * deletes, restarts it on the same data directory, and checks that every acknowledged object is
 * there and intact, every acknowledged delete stuck, and no file is left without an object.
 */
class KillNineTest {

  private static final int ROUNDS = 4;
  private static final int WORKERS = 6;
  private static final int ACKS_BEFORE_KILL = 40;
  private static final long MARK_OFFSET = 1L << 20;

  @TempDir Path dir;

  /** What the backend acknowledged: live volumes, deleted volumes, snapshots and their marks. */
  private final Map<String, String> marks = new ConcurrentHashMap<>();
  private final Set<String> liveVolumes = ConcurrentHashMap.newKeySet();
  private final Set<String> deletedVolumes = ConcurrentHashMap.newKeySet();
  /** Deletes sent but not answered when the backend died: either outcome is correct. */
  private final Set<String> deleting = ConcurrentHashMap.newKeySet();
  private final Map<String, String> snapshots = new ConcurrentHashMap<>();

  @AfterEach
  void unmountWhatAKilledBackendLeft() throws Exception {
    TestMounts.unmountUnder(dir);
  }

  /**
   * On the data dir as it is (extent copies on this ext4) and, as root, in the backend's own
   * reflink store, whose mounts a killed backend leaves behind for the next start to reuse.
   */
  @ParameterizedTest
  @EnumSource(value = VolumeStoreMode.class, names = {"DATA_DIR", "AUTO"})
  void acknowledgedObjectsSurviveKillNineAndNoOrphanFileRemains(VolumeStoreMode store)
      throws Exception {
    Path data = dir.resolve("data");
    String[] args = {"--volume-store", store.name()};
    for (int round = 0; round < ROUNDS; round++) {
      try (ChildBackend child = ChildBackend.start(data, dir.resolve("backend.log"), args)) {
        verify(child, data);
        burstThenKill(child, round);
      }
    }
    try (ChildBackend child = ChildBackend.start(data, dir.resolve("backend.log"), args)) {
      verify(child, data);
    }
    assertThat(snapshots).hasSizeGreaterThanOrEqualTo(ROUNDS);
    try (Stream<String> log = Files.lines(dir.resolve("backend.log"))) {
      System.out.printf("kill -9 test (%s): %d volumes, %d snapshots acknowledged; %d files"
          + " quarantined over %d kills%n", store, liveVolumes.size(), snapshots.size(),
          log.filter(line -> line.contains("quarantined ")).count(), ROUNDS);
    }
  }

  private void burstThenKill(ChildBackend child, int round) throws Exception {
    AtomicInteger acks = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(1);
    try (BackendConnection connection = child.connect();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < WORKERS; w++) {
        String prefix = "r" + round + "w" + w + "-";
        workers.submit(() -> work(connection.backend(), prefix, acks, enough));
      }
      assertThat(enough.await(60, TimeUnit.SECONDS)).as("acks before kill").isTrue();
      child.kill();
    }
  }

  /** Creates, marks, snapshots and sometimes deletes volumes until the backend dies. */
  private void work(BackendGrpc.BackendBlockingStub api, String prefix, AtomicInteger acks,
      CountDownLatch enough) {
    try {
      for (int i = 0; ; i++) {
        Volume volume = api.createVolume(CreateVolumeRequest.newBuilder()
            .setClientToken(prefix + i).setSizeGib(1 + i % 3).build()).getVolume();
        String mark = prefix + i + "-" + volume.getVolumeId();
        writeMark(Path.of(volume.getBackingFile()), mark);
        marks.put(volume.getVolumeId(), mark);
        liveVolumes.add(volume.getVolumeId());
        count(acks, enough);
        Snapshot snapshot = api.createSnapshot(CreateSnapshotRequest.newBuilder()
            .setVolumeId(volume.getVolumeId()).setClientToken("s-" + prefix + i).build())
            .getSnapshot();
        snapshots.put(snapshot.getSnapshotId(), mark);
        count(acks, enough);
        if (i % 3 == 2) {
          liveVolumes.remove(volume.getVolumeId());
          deleting.add(volume.getVolumeId());
          api.deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
          deletedVolumes.add(volume.getVolumeId());
          deleting.remove(volume.getVolumeId());
          count(acks, enough);
        }
      }
    } catch (RuntimeException | IOException e) {
      // the backend was killed under us: whatever was not acknowledged may or may not exist
    }
  }

  private static void count(AtomicInteger acks, CountDownLatch enough) {
    if (acks.incrementAndGet() >= ACKS_BEFORE_KILL) {
      enough.countDown();
    }
  }

  private void verify(ChildBackend child, Path data) throws IOException {
    try (BackendConnection connection = child.connect()) {
      BackendGrpc.BackendBlockingStub api = connection.backend();
      awaitCopies(api);
      Map<String, Volume> volumes = api.describeVolumes(DescribeVolumesRequest.getDefaultInstance())
          .getVolumesList().stream().collect(Collectors.toMap(Volume::getVolumeId, v -> v));
      Map<String, Snapshot> snaps = api.describeSnapshots(DescribeSnapshotsRequest.getDefaultInstance())
          .getSnapshotsList().stream().collect(Collectors.toMap(Snapshot::getSnapshotId, s -> s));

      for (String id : liveVolumes) {
        Volume volume = volumes.get(id);
        assertThat(volume).as("acknowledged volume %s", id).isNotNull();
        assertThat(volume.getState()).isEqualTo(VolumeState.AVAILABLE);
        Path file = Path.of(volume.getBackingFile());
        assertThat(Files.size(file)).isEqualTo(volume.getSizeGib() << 30);
        assertThat(readMark(file, marks.get(id).length())).isEqualTo(marks.get(id));
      }
      // An unanswered delete either happened or not; from here on the test treats it as live
      // only if it survived, so later rounds check it like any other volume.
      for (String id : deleting) {
        if (volumes.containsKey(id)) {
          liveVolumes.add(id);
        } else {
          deletedVolumes.add(id);
        }
      }
      deleting.clear();
      for (String deleted : deletedVolumes) {
        assertThat(volumes).as("acknowledged delete of %s", deleted).doesNotContainKey(deleted);
      }
      for (Map.Entry<String, String> acked : snapshots.entrySet()) {
        Snapshot snapshot = snaps.get(acked.getKey());
        assertThat(snapshot).as("acknowledged snapshot %s", acked.getKey()).isNotNull();
        assertThat(snapshot.getState()).isEqualTo(SnapshotState.COMPLETED);
        Path file = data.resolve("snapshots").resolve(acked.getKey() + ".img");
        assertThat(readMark(file, acked.getValue().length())).isEqualTo(acked.getValue());
      }
      assertThat(imageIds(data.resolve("volumes"))).isEqualTo(volumes.keySet());
      assertThat(imageIds(data.resolve("snapshots"))).isEqualTo(snaps.keySet());
    }
  }

  /**
   * Snapshots acknowledged PENDING before the kill are copied again by the restarted backend;
   * polls, as a cloud client does, until none is pending (the condition ends the wait).
   */
  private static void awaitCopies(BackendGrpc.BackendBlockingStub api) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (api.describeSnapshots(DescribeSnapshotsRequest.newBuilder()
            .addFilters(Filter.newBuilder().setName("state").addValues("pending")).build())
        .getSnapshotsCount() > 0) {
      assertThat(System.nanoTime()).as("copies still pending after 2 minutes").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static Set<String> imageIds(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString().replace(".img", ""))
          .collect(Collectors.toSet());
    }
  }

  private static void writeMark(Path file, String mark) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(mark.getBytes(StandardCharsets.UTF_8)), MARK_OFFSET);
    }
  }

  private static String readMark(Path file, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.read(buffer, MARK_OFFSET);
    }
    return new String(buffer.array(), StandardCharsets.UTF_8);
  }
}
