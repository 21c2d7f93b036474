package dev.simebs.bench.scenario;

import csi.v1.Volume;
import dev.simebs.bench.csi.TimedCsi;

/**
 * A volume taken as far as {@link Depth} says and back again, newest step undone first:
 * provision is CreateVolume+DeleteVolume; attach adds ControllerPublish/Unpublish; lifecycle
 * adds NodeStage/Publish and their undo (the whole life of a volume used by one pod); expand
 * grows the published volume online to twice its size (ControllerExpand, then NodeExpand when
 * the driver asks for it, as a resizer and kubelet do).
 */
final class VolumeCycleUnit implements Unit {

  /** How far the cycle goes before unwinding. */
  enum Depth {
    provision,
    attach,
    lifecycle,
    expand
  }

  private final Orchestrator co;
  private final Depth depth;

  VolumeCycleUnit(Orchestrator co, Depth depth) {
    this.co = co;
    this.depth = depth;
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    String name = co.settings().name(depth.name(), index);
    try (Teardown undo = new Teardown()) {
      Volume volume = co.create(csi, name, undo);
      switch (depth) {
        case provision -> {}
        case attach -> co.attach(csi, volume, undo);
        case lifecycle -> co.publish(csi, volume, name, undo);
        case expand ->
            co.expand(
                csi,
                co.publish(csi, volume, name, undo),
                Math.multiplyExact(co.settings().sizeBytes(), 2));
      }
      undo.unwind();
    }
  }
}
