package dev.simebs.bench.scenario;

import csi.v1.Volume;
import dev.simebs.bench.csi.TimedCsi;

/**
 * Online expansion as a resizer and kubelet do it: a published volume grows to twice its size
 * through ControllerExpandVolume, then NodeExpandVolume when the driver asks for it.
 */
final class ExpandUnit implements Unit {

  private final Orchestrator co;

  ExpandUnit(Orchestrator co) {
    this.co = co;
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    String name = co.settings().name("exp", index);
    try (Teardown undo = new Teardown()) {
      Volume volume = co.create(csi, name, undo);
      Orchestrator.Published published = co.publish(csi, volume, name, undo);
      co.expand(csi, published, Math.multiplyExact(co.settings().sizeBytes(), 2));
      undo.unwind();
    }
  }
}
