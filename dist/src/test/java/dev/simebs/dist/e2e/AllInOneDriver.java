package dev.simebs.dist.e2e;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.IdentityGrpc;
import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.Snapshot;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeContentSource;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.backend.BackendFrontEnd;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.identity.AdvertisedSpec;
import dev.simebs.common.testing.TestMounts;
import dev.simebs.dist.AllInOne;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An all-in-one server on a temp socket (or one running elsewhere, see {@link #connect}) and the
 * calls a CO makes, so end-to-end tests read as
 * the workflow they check.
 */
final class AllInOneDriver implements AutoCloseable {

  static final long GIB = 1L << 30;

  final IdentityGrpc.IdentityBlockingStub identity;
  final ControllerGrpc.ControllerBlockingStub controller;
  final NodeGrpc.NodeBlockingStub node;
  final String nodeId;
  final Path dir;
  private final Optional<AllInOne> server;
  private final ManagedChannel channel;

  private AllInOneDriver(
      Path dir, Optional<AllInOne> server, ManagedChannel channel, ClientInterceptor... interceptors) {
    this.dir = dir;
    this.server = server;
    this.channel = channel;
    Channel calls = ClientInterceptors.intercept(channel, interceptors);
    this.identity = IdentityGrpc.newBlockingStub(calls);
    this.controller = ControllerGrpc.newBlockingStub(calls);
    this.node = NodeGrpc.newBlockingStub(calls);
    this.nodeId = node.nodeGetInfo(NodeGetInfoRequest.getDefaultInstance()).getNodeId();
  }

  static AllInOneDriver start(Path dir) throws Exception {
    return start(dir, AdvertisedSpec.DEFAULT);
  }

  /** A server advertising the capabilities of {@code spec}, called through {@code interceptors}. */
  static AllInOneDriver start(Path dir, AdvertisedSpec spec, ClientInterceptor... interceptors) throws Exception {
    return start(dir, spec, List.of(), interceptors);
  }

  /** Also serving {@code frontEnds} (the EC2 API) over the embedded backend. */
  static AllInOneDriver start(Path dir, List<BackendFrontEnd> frontEnds) throws Exception {
    return start(dir, AdvertisedSpec.DEFAULT, frontEnds);
  }

  private static AllInOneDriver start(Path dir, AdvertisedSpec spec,
      List<BackendFrontEnd> frontEnds, ClientInterceptor... interceptors) throws Exception {
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("csi.sock"));
    AllInOne server = AllInOne.start(
        AllInOne.Config.of(endpoint, dir.resolve("data"), "e2e-node").advertising(spec),
        frontEnds);
    return new AllInOneDriver(dir, Optional.of(server), Channels.open(endpoint), interceptors);
  }

  /**
   * A server that also serves /metrics and /healthz and its embedded cloud's API, each on a free
   * port of 127.0.0.1, as an operator runs it to watch and steer it.
   */
  static AllInOneDriver startOperated(Path dir) throws Exception {
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("csi.sock"));
    AllInOne server =
        AllInOne.start(
            AllInOne.Config.of(endpoint, dir.resolve("data"), "e2e-node")
                .servingHttpAt(Optional.of(new InetSocketAddress("127.0.0.1", 0)))
                .servingBackendAt(Optional.of(new Endpoint.Tcp("127.0.0.1", 0))));
    return new AllInOneDriver(dir, Optional.of(server), Channels.open(endpoint));
  }

  /** host:port of /metrics and /healthz. */
  String httpAddress() {
    InetSocketAddress address = server.orElseThrow().httpAddress().orElseThrow();
    return address.getHostString() + ":" + address.getPort();
  }

  /** The embedded cloud's API over TCP, as {@code simebs cloud} reaches it. */
  BackendConnection cloud() {
    return BackendConnection.remote(server.orElseThrow().backendEndpoint().orElseThrow(), Optional.empty());
  }

  /** Calls to a driver already serving on {@code socket}; staging and targets go under {@code dir}. */
  static AllInOneDriver connect(Path dir, Path socket) {
    return new AllInOneDriver(dir, Optional.empty(), Channels.open(new Endpoint.Unix(socket)));
  }

  static VolumeCapability mount(String fsType) {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.newBuilder().setFsType(fsType))
        .setAccessMode(mode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
        .build();
  }

  static VolumeCapability block() {
    return VolumeCapability.newBuilder()
        .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
        .setAccessMode(mode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
        .build();
  }

  private static VolumeCapability.AccessMode mode(VolumeCapability.AccessMode.Mode mode) {
    return VolumeCapability.AccessMode.newBuilder().setMode(mode).build();
  }

  Volume create(String name, long bytes, VolumeCapability capability) {
    return create(name, bytes, capability, VolumeContentSource.getDefaultInstance());
  }

  /** A volume made with StorageClass parameters, e.g. {@code type}. */
  Volume create(String name, long bytes, VolumeCapability capability, Map<String, String> parameters) {
    return controller
        .createVolume(
            CreateVolumeRequest.newBuilder()
                .setName(name)
                .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes))
                .addVolumeCapabilities(capability)
                .putAllParameters(parameters)
                .build())
        .getVolume();
  }

  Volume create(String name, long bytes, VolumeCapability capability, VolumeContentSource source) {
    CreateVolumeRequest.Builder request =
        CreateVolumeRequest.newBuilder()
            .setName(name)
            .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes))
            .addVolumeCapabilities(capability);
    if (!source.equals(VolumeContentSource.getDefaultInstance())) {
      request.setVolumeContentSource(source);
    }
    return controller.createVolume(request.build()).getVolume();
  }

  static VolumeContentSource fromSnapshot(String snapshotId) {
    return VolumeContentSource.newBuilder()
        .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId))
        .build();
  }

  static VolumeContentSource fromVolume(String volumeId) {
    return VolumeContentSource.newBuilder()
        .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(volumeId))
        .build();
  }

  Snapshot snapshot(String name, String volumeId) {
    return controller
        .createSnapshot(CreateSnapshotRequest.newBuilder().setName(name).setSourceVolumeId(volumeId).build())
        .getSnapshot();
  }

  Map<String, String> controllerPublish(Volume volume, VolumeCapability capability, boolean readonly) {
    return controller
        .controllerPublishVolume(
            ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setNodeId(nodeId)
                .setVolumeCapability(capability)
                .setReadonly(readonly)
                .putAllVolumeContext(volume.getVolumeContextMap())
                .build())
        .getPublishContextMap();
  }

  Path stagingPath(Volume volume) {
    return dir.resolve("staging").resolve(volume.getVolumeId());
  }

  void stage(Volume volume, Map<String, String> publishContext, VolumeCapability capability) {
    node.nodeStageVolume(
        NodeStageVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .putAllPublishContext(publishContext)
            .putAllVolumeContext(volume.getVolumeContextMap())
            .setStagingTargetPath(stagingPath(volume).toString())
            .setVolumeCapability(capability)
            .build());
  }

  void publish(
      Volume volume,
      Map<String, String> publishContext,
      VolumeCapability capability,
      Path target,
      boolean readonly) {
    node.nodePublishVolume(
        NodePublishVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .putAllPublishContext(publishContext)
            .putAllVolumeContext(volume.getVolumeContextMap())
            .setStagingTargetPath(stagingPath(volume).toString())
            .setTargetPath(target.toString())
            .setVolumeCapability(capability)
            .setReadonly(readonly)
            .build());
  }

  /** ControllerPublish, NodeStage and NodePublish at {@code target}: what kubelet does for a pod. */
  Map<String, String> attachAndMount(Volume volume, VolumeCapability capability, Path target) {
    Map<String, String> context = controllerPublish(volume, capability, false);
    stage(volume, context, capability);
    publish(volume, context, capability, target, false);
    return context;
  }

  /**
   * ControllerExpandVolume to {@code bytes}, then NodeExpandVolume at {@code target}, as kubelet
   * does when the controller asks for node expansion.
   */
  ControllerExpandVolumeResponse expand(Volume volume, VolumeCapability capability, Path target, long bytes) {
    ControllerExpandVolumeResponse expanded =
        controller.controllerExpandVolume(
            ControllerExpandVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes))
                .setVolumeCapability(capability)
                .build());
    if (expanded.getNodeExpansionRequired()) {
      node.nodeExpandVolume(
          NodeExpandVolumeRequest.newBuilder()
              .setVolumeId(volume.getVolumeId())
              .setVolumePath(target.toString())
              .setStagingTargetPath(stagingPath(volume).toString())
              .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes))
              .setVolumeCapability(capability)
              .build());
    }
    return expanded;
  }

  void unpublish(Volume volume, Path target) {
    node.nodeUnpublishVolume(
        NodeUnpublishVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .setTargetPath(target.toString())
            .build());
  }

  /** NodeUnpublish, NodeUnstage, ControllerUnpublish and DeleteVolume. */
  void tearDown(Volume volume, Path... targets) {
    unmount(volume, targets);
    detachAndDelete(volume);
  }

  /** NodeUnpublish of every target, then NodeUnstage: the node lets go of the volume. */
  void unmount(Volume volume, Path... targets) {
    for (Path target : targets) {
      unpublish(volume, target);
    }
    node.nodeUnstageVolume(
        NodeUnstageVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .setStagingTargetPath(stagingPath(volume).toString())
            .build());
  }

  /** ControllerUnpublish and DeleteVolume. */
  void detachAndDelete(Volume volume) {
    controller.controllerUnpublishVolume(
        ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setNodeId(nodeId).build());
    controller.deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
  }

  /** Which volume store the embedded backend uses (an all-in-one started here only). */
  String volumeStore() {
    return server.map(AllInOne::volumeStore).orElseThrow();
  }

  void deleteSnapshot(String snapshotId) {
    controller.deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build());
  }

  Path target(String name) {
    return dir.resolve("pods").resolve(name).resolve("mount");
  }

  /**
   * Stops the server started here. Its backend lets go of its own volume store unless a loop
   * device still holds a volume file, which a device released a moment before may still do
   * (udev probes new devices): whatever stays mounted under this test's directory is unmounted.
   */
  @Override
  public void close() {
    channel.shutdownNow();
    if (server.isPresent()) {
      server.get().close();
      try {
        TestMounts.unmountUnder(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
