package dev.simebs.bench.scenario;

import dev.simebs.bench.csi.TimedCsi;

/** CreateVolume, ControllerPublish, ControllerUnpublish, DeleteVolume. */
final class AttachUnit implements Unit {

  private final Orchestrator co;

  AttachUnit(Orchestrator co) {
    this.co = co;
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    try (Teardown undo = new Teardown()) {
      co.attach(csi, co.create(csi, co.settings().name("att", index), undo), undo);
      undo.unwind();
    }
  }
}
