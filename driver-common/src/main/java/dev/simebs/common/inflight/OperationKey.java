package dev.simebs.common.inflight;

/** The object an operation works on, as the in-flight guard tells objects apart. */
public sealed interface OperationKey {

  /** CreateVolume, keyed by the CO's name because no ID exists yet. */
  record VolumeName(String name) implements OperationKey {
    @Override
    public String toString() {
      return "volume name \"" + name + "\"";
    }
  }

  /** Delete, expand and modify of a volume. */
  record Volume(String volumeId) implements OperationKey {
    @Override
    public String toString() {
      return "volume " + volumeId;
    }
  }

  /** Publish and unpublish of a volume on one node (an empty node means every node). */
  record Publication(String volumeId, String nodeId) implements OperationKey {
    @Override
    public String toString() {
      return "volume " + volumeId + " on node " + (nodeId.isEmpty() ? "(all)" : nodeId);
    }
  }

  /** CreateSnapshot, keyed by the CO's name. */
  record SnapshotName(String name) implements OperationKey {
    @Override
    public String toString() {
      return "snapshot name \"" + name + "\"";
    }
  }

  /** DeleteSnapshot. */
  record Snapshot(String snapshotId) implements OperationKey {
    @Override
    public String toString() {
      return "snapshot " + snapshotId;
    }
  }
}
