package dev.simebs.bench.scenario;

import dev.simebs.bench.csi.TimedCsi;

/** CreateVolume then DeleteVolume. */
final class ProvisionUnit implements Unit {

  private final Orchestrator co;

  ProvisionUnit(Orchestrator co) {
    this.co = co;
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    try (Teardown undo = new Teardown()) {
      co.create(csi, co.settings().name("prov", index), undo);
      undo.unwind();
    }
  }
}
