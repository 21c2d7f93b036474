package dev.simebs.node;

import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.VolumeCapability;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A node plugin served on a real unix socket in a fresh test directory, with a kubelet directory, a
 * backend data directory whose sparse files the tests create, and CSI calls in one line each.
 * {@link #close()} reports and removes any mount or loop device the test left.
 */
public final class NodeHarness implements AutoCloseable {

  public static final long MIB = 1L << 20;

  public final Path root;
  public final Path kubeletDir;
  public final Path dataDir;
  public final NodePlugin plugin;
  private final GrpcServer server;
  private final ManagedChannel channel;
  public final NodeGrpc.NodeBlockingStub node;

  private NodeHarness(
      Path root, NodeConfig config, Optional<BackendGrpc.BackendBlockingStub> backend)
      throws Exception {
    this.root = root;
    this.kubeletDir = config.allowedRoots().getFirst();
    this.dataDir = config.backendDataDir().orElseThrow();
    Files.createDirectories(kubeletDir);
    Files.createDirectories(dataDir.resolve("volumes"));
    this.plugin = NodePlugin.start(config, backend);
    this.server =
        GrpcServer.start(
            new Endpoint.Unix(root.resolve("csi.sock")),
            List.of(plugin.service()),
            List.of(),
            Duration.ofSeconds(5));
    this.channel = Channels.open(server.endpoint());
    this.node = NodeGrpc.newBlockingStub(channel);
  }

  public static NodeHarness start() throws Exception {
    return start(c -> c, Optional.empty());
  }

  /** A node in a new test directory, its config adjusted by {@code tweak}. */
  public static NodeHarness start(
      UnaryOperator<NodeConfig> tweak, Optional<BackendGrpc.BackendBlockingStub> backend)
      throws Exception {
    Path root = Leftovers.newTestDir();
    return start(root, tweak, backend);
  }

  /** A node in {@code root} (e.g. a second run over the first run's directory). */
  public static NodeHarness start(
      Path root, UnaryOperator<NodeConfig> tweak, Optional<BackendGrpc.BackendBlockingStub> backend)
      throws Exception {
    NodeConfig config =
        tweak.apply(
            NodeConfig.of("node-1", "sim-a", root.resolve("state"))
                .withAllowedRoots(List.of(root.resolve("kubelet")))
                .withBackendDataDir(root.resolve("data")));
    return new NodeHarness(root, config, backend);
  }

  /** A new volume: a sparse file the way the backend lays it out. */
  public String newVolume(long sizeBytes) throws IOException {
    String volumeId = ResourceIds.VOLUME.newId();
    try (RandomAccessFile file = new RandomAccessFile(backingFile(volumeId).toFile(), "rw")) {
      file.setLength(sizeBytes);
    }
    return volumeId;
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

  /** Stops serving without cleaning up, as a crashed node would. */
  public void stopServing() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    plugin.close();
  }

  /**
   * Stops the node and removes whatever the test left below its directory.
   *
   * @throws AssertionError if the test left a mount or loop device behind
   */
  @Override
  public void close() throws IOException {
    if (!channel.isShutdown()) {
      stopServing();
    }
    List<String> left = Leftovers.under(root);
    Leftovers.clean(root);
    if (!left.isEmpty()) {
      throw new AssertionError("the test left " + left);
    }
  }
}
