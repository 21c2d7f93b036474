package dev.simebs.controller.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.controller.ControllerHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ListVolumes and ListSnapshots over 20,000 objects, through a client with gRPC's default 4 MiB
 * message limit: max_entries above the backend's page limit of 1000 works, max_entries = 0 gets
 * bounded pages with a next_token (the spec leaves that size to the plugin), and every object is
 * seen exactly once whichever page sizes are mixed.
 */
class ListPagingTest {

  private static final int OBJECTS = 20_000;

  @TempDir static Path dir;
  private static ControllerHarness h;
  private static Set<String> volumes;
  private static Set<String> snapshots;

  @BeforeAll
  static void manyVolumesAndSnapshots() throws Exception {
    h = ControllerHarness.start(dir);
    volumes =
        createAll(
            i -> h.backend().createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1).setZone("sim-a").build())
                .getVolume().getVolumeId());
    String source = volumes.iterator().next();
    snapshots =
        createAll(
            i -> h.backend().createSnapshot(CreateSnapshotRequest.newBuilder().setVolumeId(source).build())
                .getSnapshot().getSnapshotId());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void listVolumesWithoutMaxEntriesReturnsBoundedPagesThatCoverEveryVolumeOnce() {
    Set<String> seen = new HashSet<>();

    List<Integer> pageSizes = listVolumes(0, "", seen);

    assertThat(seen).isEqualTo(volumes);
    assertThat(pageSizes).hasSizeGreaterThan(1);
  }

  @Test
  void listVolumesAboveTheBackendsPageLimitGivesFullPages() {
    Set<String> seen = new HashSet<>();

    List<Integer> pageSizes = listVolumes(5000, "", seen);

    assertThat(seen).isEqualTo(volumes);
    assertThat(pageSizes).containsExactly(5000, 5000, 5000, 5000);
  }

  @Test
  void listVolumesOneAtATimeThenInLargePagesSeesEveryVolumeOnce() {
    Set<String> seen = new HashSet<>();
    String token = "";
    for (int i = 0; i < 50; i++) {
      ListVolumesResponse page =
          h.controller().listVolumes(ListVolumesRequest.newBuilder().setMaxEntries(1).setStartingToken(token).build());
      assertThat(page.getEntriesCount()).isEqualTo(1);
      seen.add(page.getEntries(0).getVolume().getVolumeId());
      token = page.getNextToken();
    }
    listVolumes(5000, token, seen);

    assertThat(seen).isEqualTo(volumes);
  }

  /** Lists from {@code token} to the end, adding each volume to {@code seen} (once); the page sizes. */
  private static List<Integer> listVolumes(int maxEntries, String token, Set<String> seen) {
    List<Integer> pageSizes = new ArrayList<>();
    String next = token;
    do {
      ListVolumesResponse page =
          h.controller()
              .listVolumes(ListVolumesRequest.newBuilder().setMaxEntries(maxEntries).setStartingToken(next).build());
      pageSizes.add(page.getEntriesCount());
      page.getEntriesList().forEach(e -> assertThat(seen.add(e.getVolume().getVolumeId())).isTrue());
      next = page.getNextToken();
    } while (!next.isEmpty());
    return pageSizes;
  }

  @Test
  void listSnapshotsWithoutMaxEntriesReturnsBoundedPagesThatCoverEverySnapshotOnce() {
    assertThat(allSnapshots(0)).isEqualTo(snapshots);
  }

  @Test
  void listSnapshotsAboveTheBackendsPageLimitGivesFullPages() {
    ListSnapshotsResponse first = h.controller().listSnapshots(ListSnapshotsRequest.newBuilder().setMaxEntries(5000).build());

    assertThat(first.getEntriesCount()).isEqualTo(5000);
    assertThat(allSnapshots(5000)).isEqualTo(snapshots);
  }

  @Test
  void listSnapshotsOneAtATimeFollowsTheTokens() {
    String token = "";
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      ListSnapshotsResponse page =
          h.controller().listSnapshots(ListSnapshotsRequest.newBuilder().setMaxEntries(1).setStartingToken(token).build());
      assertThat(page.getEntriesCount()).isEqualTo(1);
      assertThat(seen.add(page.getEntries(0).getSnapshot().getSnapshotId())).isTrue();
      token = page.getNextToken();
    }
    assertThat(token).isNotEmpty();
  }

  private static Set<String> allSnapshots(int maxEntries) {
    Set<String> seen = new HashSet<>();
    int pages = 0;
    String token = "";
    do {
      ListSnapshotsResponse page =
          h.controller()
              .listSnapshots(ListSnapshotsRequest.newBuilder().setMaxEntries(maxEntries).setStartingToken(token).build());
      page.getEntriesList().forEach(e -> assertThat(seen.add(e.getSnapshot().getSnapshotId())).isTrue());
      token = page.getNextToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isGreaterThan(1);
    return seen;
  }

  /** Makes {@value #OBJECTS} objects, a few dozen at a time, and returns their IDs. */
  private static Set<String> createAll(Function<Integer, String> create) throws Exception {
    Semaphore inFlight = new Semaphore(64);
    List<Future<String>> ids = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < OBJECTS; i++) {
        int n = i;
        inFlight.acquire();
        ids.add(
            executor.submit(
                () -> {
                  try {
                    return create.apply(n);
                  } finally {
                    inFlight.release();
                  }
                }));
      }
    }
    Set<String> created = new HashSet<>();
    for (Future<String> id : ids) {
      created.add(id.get());
    }
    return created;
  }
}
