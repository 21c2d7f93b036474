package dev.simebs.common.efs;

/** Names the EFS driver's controller and node agree on (beside the block driver's DriverInfo). */
public final class EfsDriverInfo {

  /** The CSI driver name of shared file systems, as CSIDriver objects and StorageClasses name it. */
  public static final String DRIVER_NAME = "efs.csi.simebs.dev";

  /** The EFS driver's topology key; its value is a zone name (One Zone file systems use it). */
  public static final String ZONE_TOPOLOGY_KEY = "topology.efs.csi.simebs.dev/zone";

  private EfsDriverInfo() {}
}
