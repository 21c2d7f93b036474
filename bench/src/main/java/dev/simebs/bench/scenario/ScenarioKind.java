package dev.simebs.bench.scenario;

/** The workloads the tool runs; each names the step its headline latency comes from. */
public enum ScenarioKind {
  /** No load: launch or find the driver, wait for Probe, report start time and idle footprint. */
  startup(false, "none"),
  provision(false, "CreateVolume"),
  attach(true, "ControllerPublishVolume"),
  lifecycle(true, "unit"),
  snapshot(true, SnapshotUnit.SNAPSHOT_AND_RESTORE),
  expand(true, "ControllerExpandVolume"),
  list(false, "ListVolumes"),
  mixed(true, "unit"),
  /** A shared file system's volume (EFS driver): access point, two mounts, data across them. */
  efs(true, "unit");

  /** The phase whose numbers are the scenario's result (others only set up or clean up). */
  public static final String MAIN_PHASE = "run";

  private final boolean usesNode;
  private final String headlineStep;

  ScenarioKind(boolean usesNode, String headlineStep) {
    this.usesNode = usesNode;
    this.headlineStep = headlineStep;
  }

  /** Whether the scenario calls the Controller service at all. */
  public boolean usesController() {
    return this != startup;
  }

  /** Whether the scenario needs the Node service (or at least a node ID, for attach). */
  public boolean usesNode() {
    return usesNode;
  }

  /** Whether the scenario mounts volumes on this machine (needs root and loop devices with our driver). */
  public boolean mountsVolumes() {
    return switch (this) {
      case lifecycle, snapshot, expand, mixed, efs -> true;
      case startup, provision, attach, list -> false;
    };
  }

  /** The step plotted and compared against targets; {@code "unit"} is one whole unit of work. */
  public String headlineStep() {
    return headlineStep;
  }
}
