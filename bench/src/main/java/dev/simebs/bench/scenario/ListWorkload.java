package dev.simebs.bench.scenario;

import csi.v1.ControllerServiceCapability;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import dev.simebs.bench.csi.CheckFailedException;
import dev.simebs.bench.csi.TimedCsi;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Pages ListVolumes and ListSnapshots over N existing objects: a populate phase makes N volumes
 * (and a snapshot of each when the driver lists snapshots), the run phase pages through all of
 * them {@code listPasses} times, and a cleanup phase deletes them again.
 */
final class ListWorkload {

  private final Orchestrator co;
  private final AtomicReferenceArray<String> volumeIds;
  private final AtomicReferenceArray<String> snapshotIds;
  private final boolean snapshots;

  ListWorkload(Orchestrator co) {
    this.co = co;
    int n = co.settings().volumes();
    this.volumeIds = new AtomicReferenceArray<>(n);
    this.snapshotIds = new AtomicReferenceArray<>(n);
    this.snapshots =
        co.profile().controller().contains(ControllerServiceCapability.RPC.Type.CREATE_DELETE_SNAPSHOT)
            && co.profile().controller().contains(ControllerServiceCapability.RPC.Type.LIST_SNAPSHOTS);
  }

  List<Phase> phases() {
    Settings s = co.settings();
    return List.of(
        new Phase("populate", s.volumes(), s.concurrency(), this::populate),
        new Phase(ScenarioKind.MAIN_PHASE, s.listPasses(), Math.min(s.concurrency(), s.listPasses()), this::pageAll),
        new Phase("cleanup", s.volumes(), s.concurrency(), this::cleanup));
  }

  private void populate(TimedCsi csi, int index) throws Exception {
    try (Teardown undo = new Teardown()) {
      String name = co.settings().name("list", index);
      String volumeId = co.create(csi, name, undo).getVolumeId();
      if (snapshots) {
        snapshotIds.set(index, co.snapshot(csi, name, volumeId, undo).getSnapshotId());
      }
      volumeIds.set(index, volumeId);
      undo.keep();
    }
  }

  /** One page of a list call: how many entries it held and the token of the next page. */
  private record Page(int entries, String nextToken) {}

  private void pageAll(TimedCsi csi, int pass) {
    int max = co.settings().pageSize();
    expectAtLeast(
        "volumes",
        countPages(
            token -> {
              ListVolumesResponse page =
                  csi.rpc(
                      "ListVolumes",
                      () ->
                          csi.controller()
                              .listVolumes(
                                  ListVolumesRequest.newBuilder().setMaxEntries(max).setStartingToken(token).build()));
              return new Page(page.getEntriesCount(), page.getNextToken());
            }),
        count(volumeIds));
    if (snapshots) {
      expectAtLeast(
          "snapshots",
          countPages(
              token -> {
                ListSnapshotsResponse page =
                    csi.rpc(
                        "ListSnapshots",
                        () ->
                            csi.controller()
                                .listSnapshots(
                                    ListSnapshotsRequest.newBuilder().setMaxEntries(max).setStartingToken(token).build()));
                return new Page(page.getEntriesCount(), page.getNextToken());
              }),
          count(snapshotIds));
    }
  }

  /** Follows next tokens from the first page to the last, counting entries. */
  private static long countPages(Function<String, Page> fetch) {
    long entries = 0;
    String token = "";
    do {
      Page page = fetch.apply(token);
      entries += page.entries();
      token = page.nextToken();
    } while (!token.isEmpty());
    return entries;
  }

  private void cleanup(TimedCsi csi, int index) throws Exception {
    try (Teardown undo = new Teardown()) {
      String volumeId = volumeIds.get(index);
      if (volumeId != null) {
        undo.push(() -> co.delete(csi, volumeId));
      }
      String snapshotId = snapshotIds.get(index);
      if (snapshotId != null) {
        undo.push(() -> co.deleteSnapshot(csi, snapshotId));
      }
      undo.unwind();
    }
  }

  private static long count(AtomicReferenceArray<String> ids) {
    long n = 0;
    for (int i = 0; i < ids.length(); i++) {
      if (ids.get(i) != null) {
        n++;
      }
    }
    return n;
  }

  private static void expectAtLeast(String what, long listed, long created) {
    if (listed < created) {
      throw new CheckFailedException(
          "LIST_INCOMPLETE", "paging listed " + listed + " " + what + " but " + created + " exist");
    }
  }
}
