package dev.simebs.bench.scenario;

import csi.v1.Volume;
import dev.simebs.bench.csi.CheckFailedException;
import dev.simebs.bench.csi.TimedCsi;
import dev.simebs.bench.stats.StepKind;
import java.nio.file.Path;

/**
 * The life of a shared (ReadWriteMany) volume, as with the EFS driver: CreateVolume (an access
 * point), publish for two pods, write a file through the first target and read it back through
 * the second, unpublish both, DeleteVolume. With one node endpoint both pods are on that node,
 * each with a mount of its own.
 */
final class SharedVolumeUnit implements Unit {

  /** The span from the first CreateVolume to the check, before anything is undone. */
  static final String SHARE = "create+publish twice+write+read";

  private final Orchestrator co;

  SharedVolumeUnit(Orchestrator co) {
    this.co = co;
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    Settings settings = co.settings();
    String name = settings.name("share", index);
    try (Teardown undo = new Teardown()) {
      long start = System.nanoTime();
      Volume volume = co.create(csi, name, undo);
      Path writer = co.publish(csi, volume, name + "-a", undo).targetPath();
      Path reader = co.publish(csi, volume, name + "-b", undo).targetPath();
      String written = csi.measure("write data", StepKind.check,
          () -> DataPattern.write(writer.resolve("shared.dat"), settings.dataMib(), index, true));
      csi.measure("read data on the other mount", StepKind.check, () -> {
        String read = DataPattern.read(reader.resolve("shared.dat"), settings.dataMib());
        if (!read.equals(written)) {
          throw new CheckFailedException("CHECKSUM_MISMATCH",
              "the second mount of " + volume.getVolumeId() + " reads other data than was written");
        }
        return read;
      });
      csi.stats().succeeded(SHARE, StepKind.span, System.nanoTime() - start);
      undo.unwind();
    }
  }
}
