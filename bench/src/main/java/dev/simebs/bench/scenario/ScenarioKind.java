package dev.simebs.bench.scenario;

/** The workloads the tool runs; each names the step its headline latency comes from. */
public enum ScenarioKind {
  provision(false, "CreateVolume"),
  attach(true, "ControllerPublishVolume"),
  lifecycle(true, "unit"),
  snapshot(true, SnapshotUnit.SNAPSHOT_AND_RESTORE),
  expand(true, "ControllerExpandVolume"),
  list(false, "ListVolumes"),
  mixed(true, "unit");

  /** The phase whose numbers are the scenario's result (others only set up or clean up). */
  public static final String MAIN_PHASE = "run";

  private final boolean usesNode;
  private final String headlineStep;

  ScenarioKind(boolean usesNode, String headlineStep) {
    this.usesNode = usesNode;
    this.headlineStep = headlineStep;
  }

  /** Whether the scenario needs the Node service (or at least a node ID, for attach). */
  public boolean usesNode() {
    return usesNode;
  }

  /** Whether the scenario mounts volumes on this machine (needs root and loop devices with our driver). */
  public boolean mountsVolumes() {
    return switch (this) {
      case lifecycle, snapshot, expand, mixed -> true;
      case provision, attach, list -> false;
    };
  }

  /** The step plotted and compared against targets; {@code "unit"} is one whole unit of work. */
  public String headlineStep() {
    return headlineStep;
  }
}
