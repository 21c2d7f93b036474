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

  private final Unit provision;
  private final Unit attach;
  private final Unit lifecycle;
  private final Unit snapshot;
  private final Unit expand;
  private final Orchestrator co;
  private final long seed;

  MixedUnit(Orchestrator co, long seed) {
    this.co = co;
    this.seed = seed;
    this.provision = new ProvisionUnit(co);
    this.attach = new AttachUnit(co);
    this.lifecycle = new LifecycleUnit(co);
    this.snapshot = new SnapshotUnit(co);
    this.expand = new ExpandUnit(co);
  }

  @Override
  public void run(TimedCsi csi, int index) throws Exception {
    int roll = new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L).nextInt(100);
    if (roll < 35) {
      provision.run(csi, index);
    } else if (roll < 55) {
      attach.run(csi, index);
    } else if (roll < 70) {
      lifecycle.run(csi, index);
    } else if (roll < 80) {
      snapshot.run(csi, index);
    } else if (roll < 90) {
      expand.run(csi, index);
    } else {
      ListVolumesRequest firstPage =
          ListVolumesRequest.newBuilder().setMaxEntries(co.settings().pageSize()).build();
      csi.rpc("ListVolumes", () -> csi.controller().listVolumes(firstPage));
    }
  }
}
