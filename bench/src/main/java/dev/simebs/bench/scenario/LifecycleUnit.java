package dev.simebs.bench.scenario;

import csi.v1.Volume;
import dev.simebs.bench.csi.TimedCsi;

/**
 * The whole life of a volume used by one pod: create, attach, stage, publish, then unpublish,
 * unstage, detach, delete. The unit latency is the full cycle; the steps are its breakdown.
 */
final class LifecycleUnit implements Unit {

  private final Orchestrator co;

  LifecycleUnit(Orchestrator co) {
    this.co = co;
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    String name = co.settings().name("life", index);
    try (Teardown undo = new Teardown()) {
      Volume volume = co.create(csi, name, undo);
      co.publish(csi, volume, name, undo);
      undo.unwind();
    }
  }
}
