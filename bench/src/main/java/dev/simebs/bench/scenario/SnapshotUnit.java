package dev.simebs.bench.scenario;

import csi.v1.Snapshot;
import csi.v1.Volume;
import dev.simebs.bench.csi.CheckFailedException;
import dev.simebs.bench.csi.TimedCsi;
import dev.simebs.bench.stats.StepKind;
import java.nio.file.Path;

/**
 * Writes data into a volume through the node path, snapshots it, restores the snapshot into a
 * new volume and checks the restored data is the same. The span from the first CreateSnapshot to
 * the restored volume's CreateVolume answer is recorded as {@value #SNAPSHOT_AND_RESTORE}.
 */
final class SnapshotUnit implements Unit {

  static final String SNAPSHOT_AND_RESTORE = "snapshot+restore";
  private static final String DATA_FILE = "bench.dat";

  private final Orchestrator co;

  SnapshotUnit(Orchestrator co) {
    this.co = co;
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    Settings settings = co.settings();
    String name = settings.name("snap", index);
    try (Teardown undo = new Teardown()) {
      Volume source = co.create(csi, name, undo);
      String written;
      try (Teardown unmount = new Teardown()) {
        Path target = co.publish(csi, source, name, unmount).targetPath();
        written =
            csi.measure(
                "write data",
                StepKind.check,
                () ->
                    DataPattern.write(
                        dataPath(target), settings.dataMib(), index, isMount(settings)));
        // Detach before the snapshot so the backing file holds every written block.
        unmount.unwind();
      }
      long start = System.nanoTime();
      Snapshot snapshot = co.snapshot(csi, name, source.getVolumeId(), undo);
      String restoredName = settings.name("restore", index);
      Volume restored =
          co.create(
              csi,
              restoredName,
              Math.max(settings.sizeBytes(), snapshot.getSizeBytes()),
              Orchestrator.fromSnapshot(snapshot.getSnapshotId()),
              undo);
      csi.stats().succeeded(SNAPSHOT_AND_RESTORE, StepKind.span, System.nanoTime() - start);
      try (Teardown unmount = new Teardown()) {
        Path target = co.publish(csi, restored, restoredName, unmount).targetPath();
        csi.measure(
            "verify data",
            StepKind.check,
            () -> {
              String read = DataPattern.read(dataPath(target), settings.dataMib());
              if (!read.equals(written)) {
                throw new CheckFailedException(
                    "CHECKSUM_MISMATCH",
                    "restored volume " + restored.getVolumeId() + " differs from its source");
              }
              return read;
            });
        unmount.unwind();
      }
      undo.unwind();
    }
  }

  private static boolean isMount(Settings settings) {
    return settings.accessType() == AccessType.mount;
  }

  private Path dataPath(Path target) {
    return isMount(co.settings()) ? target.resolve(DATA_FILE) : target;
  }
}
