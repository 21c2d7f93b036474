package dev.simebs.node.testing;

import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.VolumeCapability;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.node.device.LoopOwner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * CSI Node calls in one line each, the way kubelet makes them: staging and target paths under a
 * kubelet directory, backing files in a backend data directory. Shared by the in-process {@code
 * NodeHarness} and the child-process {@link NodeProcess}.
 */
public class NodeClient {

  public static final long MIB = 1L << 20;

  public final Path kubeletDir;
  public final Path dataDir;
  public final NodeGrpc.NodeBlockingStub node;

  public NodeClient(NodeGrpc.NodeBlockingStub node, Path kubeletDir, Path dataDir) {
    this.node = node;
    this.kubeletDir = kubeletDir;
    this.dataDir = dataDir;
  }

  /** A new volume: a sparse file the way the backend lays it out. */
  public String newVolume(long sizeBytes) throws IOException {
    String volumeId = ResourceIds.VOLUME.newId();
    try (RandomAccessFile file = new RandomAccessFile(backingFile(volumeId).toFile(), "rw")) {
      file.setLength(sizeBytes);
    }
    return volumeId;
  }

  /**
   * A loop device over the volume's file, labelled as node {@code nodeId}'s plugin labels the
   * devices it binds: as if that node had staged the volume.
   */
  public LoopDevice bindAs(String volumeId, String nodeId) throws IOException {
    return new LoopDevices(new LinuxSystem())
        .attach(backingFile(volumeId).toRealPath(), false, LoopOwner.of(volumeId, nodeId).label());
  }

  public Path backingFile(String volumeId) {
    return dataDir.resolve("volumes").resolve(volumeId + ".img");
  }

  public void growVolume(String volumeId, long sizeBytes) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(backingFile(volumeId).toFile(), "rw")) {
      file.setLength(sizeBytes);
    }
  }

  public Path staging(String volumeId) {
    return kubeletDir.resolve("plugins/kubernetes.io/csi/staging").resolve(volumeId);
  }

  public Path target(String volumeId, String pod) {
    return kubeletDir.resolve("pods").resolve(pod).resolve("volumes").resolve(volumeId);
  }

  public static VolumeCapability mount(String fsType, String... flags) {
    return VolumeCapability.newBuilder()
        .setMount(
            VolumeCapability.MountVolume.newBuilder()
                .setFsType(fsType)
                .addAllMountFlags(List.of(flags)))
        .setAccessMode(accessMode())
        .build();
  }

  public static VolumeCapability block() {
    return VolumeCapability.newBuilder()
        .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
        .setAccessMode(accessMode())
        .build();
  }

  private static VolumeCapability.AccessMode accessMode() {
    return VolumeCapability.AccessMode.newBuilder()
        .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)
        .build();
  }

  public NodeStageVolumeRequest.Builder stageRequest(String volumeId, VolumeCapability capability) {
    return NodeStageVolumeRequest.newBuilder()
        .setVolumeId(volumeId)
        .setStagingTargetPath(staging(volumeId).toString())
        .setVolumeCapability(capability)
        .putPublishContext(VolumeContextKeys.BACKING_FILE, backingFile(volumeId).toString());
  }

  public void stage(String volumeId, VolumeCapability capability) {
    node.nodeStageVolume(stageRequest(volumeId, capability).build());
  }

  public void unstage(String volumeId) {
    node.nodeUnstageVolume(
        NodeUnstageVolumeRequest.newBuilder()
            .setVolumeId(volumeId)
            .setStagingTargetPath(staging(volumeId).toString())
            .build());
  }

  public NodePublishVolumeRequest.Builder publishRequest(
      String volumeId, VolumeCapability capability, Path target, boolean readOnly) {
    return NodePublishVolumeRequest.newBuilder()
        .setVolumeId(volumeId)
        .setStagingTargetPath(staging(volumeId).toString())
        .setTargetPath(target.toString())
        .setVolumeCapability(capability)
        .setReadonly(readOnly)
        .putPublishContext(VolumeContextKeys.BACKING_FILE, backingFile(volumeId).toString());
  }

  public void publish(String volumeId, VolumeCapability capability, Path target, boolean readOnly) {
    node.nodePublishVolume(publishRequest(volumeId, capability, target, readOnly).build());
  }

  public void unpublish(String volumeId, Path target) {
    node.nodeUnpublishVolume(
        NodeUnpublishVolumeRequest.newBuilder()
            .setVolumeId(volumeId)
            .setTargetPath(target.toString())
            .build());
  }

  /** Stages the volume and publishes it read-write at the target of pod "pod"; returns it. */
  public Path stageAndPublish(String volumeId, VolumeCapability capability) {
    Path target = target(volumeId, "pod");
    stage(volumeId, capability);
    publish(volumeId, capability, target, false);
    return target;
  }

  /** Unpublishes the target of pod "pod" and unstages the volume. */
  public void unpublishAndUnstage(String volumeId) {
    unpublish(volumeId, target(volumeId, "pod"));
    unstage(volumeId);
  }

  /** Writes a file into the volume through a stage and publish that it then undoes. */
  public void writeFile(String volumeId, VolumeCapability capability, String name, String text)
      throws IOException {
    Files.writeString(stageAndPublish(volumeId, capability).resolve(name), text);
    unpublishAndUnstage(volumeId);
  }

  public NodeGetVolumeStatsResponse stats(String volumeId, Path path) {
    return node.nodeGetVolumeStats(
        NodeGetVolumeStatsRequest.newBuilder()
            .setVolumeId(volumeId)
            .setVolumePath(path.toString())
            .build());
  }

  public long expand(String volumeId, Path path, long requiredBytes) {
    return node.nodeExpandVolume(
            NodeExpandVolumeRequest.newBuilder()
                .setVolumeId(volumeId)
                .setVolumePath(path.toString())
                .setCapacityRange(csi.v1.CapacityRange.newBuilder().setRequiredBytes(requiredBytes))
                .build())
        .getCapacityBytes();
  }

  /** Volume context entries for a stage request, e.g. mkfs options. */
  public static Map<String, String> context(String... keyValues) {
    java.util.Map<String, String> map = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

}
