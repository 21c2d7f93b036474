package dev.simebs.bench.scenario;

import csi.v1.ListVolumesRequest;
import dev.simebs.bench.csi.TimedCsi;
import java.util.SplittableRandom;

/**
 * A blend of the other units, as a cluster under everyday churn sends them: mostly provisioning
 * and attaching, some full pod lifecycles, snapshots, expansions and list pages. Which one unit
 * {@code i} runs depends only on the seed and {@code i}, so runs are repeatable.
 */
final class MixedUnit implements Unit {

  /** A unit kind and its cumulative share of the mix, in percent. */
  private record Share(int upTo, Unit unit) {}

  private final Share[] mix;
  private final long seed;

  MixedUnit(Orchestrator co, long seed) {
    this.seed = seed;
    ListVolumesRequest firstPage =
        ListVolumesRequest.newBuilder().setMaxEntries(co.settings().pageSize()).build();
    this.mix =
        new Share[] {
          new Share(35, new VolumeCycleUnit(co, VolumeCycleUnit.Depth.provision)),
          new Share(55, new VolumeCycleUnit(co, VolumeCycleUnit.Depth.attach)),
          new Share(70, new VolumeCycleUnit(co, VolumeCycleUnit.Depth.lifecycle)),
          new Share(80, new SnapshotUnit(co)),
          new Share(90, new VolumeCycleUnit(co, VolumeCycleUnit.Depth.expand)),
          new Share(100, (csi, i) -> csi.rpc("ListVolumes", () -> csi.controller().listVolumes(firstPage)))
        };
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    int roll = new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L).nextInt(100);
    for (Share share : mix) {
      if (roll < share.upTo()) {
        share.unit().run(csi, index);
        return;
      }
    }
  }
}
