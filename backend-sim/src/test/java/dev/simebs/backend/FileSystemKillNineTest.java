package dev.simebs.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.CreationInfo;
import dev.simebs.backend.api.DeleteAccessPointRequest;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.api.MountRequest;
import dev.simebs.backend.api.PosixUser;
import dev.simebs.backend.api.RootDirectory;
import dev.simebs.common.backend.BackendConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a standalone backend with SIGKILL in the middle of a burst of access-point creates (each
 * followed by its first mount, which makes its root directory, and sometimes by its delete) and
 * of file-system creates, restarts it on the same data directory, and checks that every
 * acknowledged object is there, every acknowledged delete stuck, and no directory is left that
 * no acknowledged object accounts for.
 */
class FileSystemKillNineTest {

  private static final int ROUNDS = 3;
  private static final int WORKERS = 6;
  private static final int ACKS_BEFORE_KILL = 60;

  @TempDir Path dir;

  /** Acknowledged access points and the root path each was created with. */
  private final Map<String, String> liveAccessPoints = new ConcurrentHashMap<>();
  private final Set<String> deletedAccessPoints = ConcurrentHashMap.newKeySet();
  /** Deletes sent but not answered when the backend died: either outcome is correct. */
  private final Map<String, String> deleting = new ConcurrentHashMap<>();
  /** Every root path an acknowledged access point ever had (deletes keep the directory). */
  private final Set<String> acknowledgedRoots = ConcurrentHashMap.newKeySet();
  private final Set<String> fileSystems = ConcurrentHashMap.newKeySet();

  @Test
  void acknowledgedAccessPointsSurviveKillNineAndNoOrphanDirectoryRemains() throws Exception {
    Path data = dir.resolve("data");
    String shared;
    try (ChildBackend child = ChildBackend.start(data, dir.resolve("backend.log"));
        BackendConnection connection = child.connect()) {
      shared = connection.fileSystems().createFileSystem(CreateFileSystemRequest.newBuilder()
          .setCreationToken("shared").build()).getFileSystem().getFileSystemId();
      fileSystems.add(shared);
    }
    for (int round = 0; round < ROUNDS; round++) {
      try (ChildBackend child = ChildBackend.start(data, dir.resolve("backend.log"))) {
        verify(child, data, shared);
        burstThenKill(child, round, shared);
      }
    }
    try (ChildBackend child = ChildBackend.start(data, dir.resolve("backend.log"))) {
      verify(child, data, shared);
    }
    assertThat(liveAccessPoints.size() + deletedAccessPoints.size())
        .isGreaterThanOrEqualTo(ROUNDS * ACKS_BEFORE_KILL / 3);
    System.out.printf("file-system kill -9 test: %d access points and %d file systems"
        + " acknowledged over %d kills%n", liveAccessPoints.size() + deletedAccessPoints.size(),
        fileSystems.size(), ROUNDS);
  }

  private void burstThenKill(ChildBackend child, int round, String shared) throws Exception {
    AtomicInteger acks = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(1);
    try (BackendConnection connection = child.connect();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < WORKERS; w++) {
        String prefix = "r" + round + "w" + w + "-";
        workers.submit(() -> work(connection.fileSystems(), shared, prefix, acks, enough));
      }
      assertThat(enough.await(60, TimeUnit.SECONDS)).as("acks before kill").isTrue();
      child.kill();
    }
  }

  private void work(FileSystemsGrpc.FileSystemsBlockingStub api, String shared, String prefix,
      AtomicInteger acks, CountDownLatch enough) {
    try {
      for (int i = 0; ; i++) {
        String root = "/burst/" + prefix + i;
        AccessPoint ap = api.createAccessPoint(CreateAccessPointRequest.newBuilder()
            .setClientToken(prefix + i)
            .setFileSystemId(shared)
            .setPosixUser(PosixUser.newBuilder().setUid(1000 + i).setGid(1000 + i))
            .setRootDirectory(RootDirectory.newBuilder().setPath(root)
                .setCreationInfo(CreationInfo.newBuilder()
                    .setOwnerUid(1000 + i).setOwnerGid(1000 + i).setPermissions("0700")))
            .build()).getAccessPoint();
        liveAccessPoints.put(ap.getAccessPointId(), root);
        acknowledgedRoots.add(root);
        count(acks, enough);
        api.mount(MountRequest.newBuilder().setFileSystemId(shared)
            .setAccessPointId(ap.getAccessPointId()).setZone("sim-a").build());
        count(acks, enough);
        if (i % 4 == 3) {
          liveAccessPoints.remove(ap.getAccessPointId());
          deleting.put(ap.getAccessPointId(), root);
          api.deleteAccessPoint(DeleteAccessPointRequest.newBuilder()
              .setAccessPointId(ap.getAccessPointId()).build());
          deletedAccessPoints.add(ap.getAccessPointId());
          deleting.remove(ap.getAccessPointId());
          count(acks, enough);
        }
        if (i % 5 == 0) {
          FileSystem fs = api.createFileSystem(CreateFileSystemRequest.newBuilder()
              .setCreationToken("fs-" + prefix + i).build()).getFileSystem();
          fileSystems.add(fs.getFileSystemId());
          count(acks, enough);
        }
      }
    } catch (RuntimeException e) {
      // the backend was killed under us: whatever was not acknowledged may or may not exist
    }
  }

  private static void count(AtomicInteger acks, CountDownLatch enough) {
    if (acks.incrementAndGet() >= ACKS_BEFORE_KILL) {
      enough.countDown();
    }
  }

  private void verify(ChildBackend child, Path data, String shared) throws IOException {
    try (BackendConnection connection = child.connect()) {
      FileSystemsGrpc.FileSystemsBlockingStub api = connection.fileSystems();
      Map<String, AccessPoint> found = api.describeAccessPoints(DescribeAccessPointsRequest
              .newBuilder().setFileSystemId(shared).build()).getAccessPointsList().stream()
          .collect(Collectors.toMap(AccessPoint::getAccessPointId, Function.identity()));
      deleting.forEach((id, root) -> {
        if (found.containsKey(id)) {
          liveAccessPoints.put(id, root);
        } else {
          deletedAccessPoints.add(id);
        }
      });
      deleting.clear();
      liveAccessPoints.forEach((id, root) -> {
        assertThat(found).as("acknowledged access point %s", id).containsKey(id);
        assertThat(found.get(id).getState()).isEqualTo(LifeCycleState.LIFE_CYCLE_AVAILABLE);
        assertThat(found.get(id).getRootDirectory().getPath()).isEqualTo(root);
      });
      for (String deleted : deletedAccessPoints) {
        assertThat(found).as("acknowledged delete of %s", deleted).doesNotContainKey(deleted);
      }

      Set<String> rows = api.describeFileSystems(DescribeFileSystemsRequest.getDefaultInstance())
          .getFileSystemsList().stream().map(FileSystem::getFileSystemId)
          .collect(Collectors.toSet());
      assertThat(rows).as("acknowledged file systems").containsAll(fileSystems);
      assertThat(children(data.resolve("filesystems"))).as("file-system trees").isEqualTo(rows);

      Path burst = data.resolve("filesystems").resolve(shared).resolve("burst");
      if (Files.isDirectory(burst)) {
        for (String name : children(burst)) {
          assertThat(acknowledgedRoots).as("directory %s has an acknowledged access point", name)
              .contains("/burst/" + name);
        }
      }
    }
  }

  private static Set<String> children(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
