package dev.simebs.bench.scenario;

import csi.v1.ControllerServiceCapability;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import dev.simebs.bench.csi.CheckFailedException;
import dev.simebs.bench.csi.TimedCsi;
import java.util.List;
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

  private void pageAll(TimedCsi csi, int pass) {
    long volumes = 0;
    String token = "";
    do {
      ListVolumesRequest request =
          ListVolumesRequest.newBuilder().setMaxEntries(co.settings().pageSize()).setStartingToken(token).build();
      ListVolumesResponse page = csi.rpc("ListVolumes", () -> csi.controller().listVolumes(request));
      volumes += page.getEntriesCount();
      token = page.getNextToken();
    } while (!token.isEmpty());
    expectAtLeast("volumes", volumes, count(volumeIds));
    if (!snapshots) {
      return;
    }
    long snaps = 0;
    token = "";
    do {
      ListSnapshotsRequest request =
          ListSnapshotsRequest.newBuilder().setMaxEntries(co.settings().pageSize()).setStartingToken(token).build();
      ListSnapshotsResponse page = csi.rpc("ListSnapshots", () -> csi.controller().listSnapshots(request));
      snaps += page.getEntriesCount();
      token = page.getNextToken();
    } while (!token.isEmpty());
    expectAtLeast("snapshots", snaps, count(snapshotIds));
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
