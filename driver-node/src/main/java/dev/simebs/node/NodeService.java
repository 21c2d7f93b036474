package dev.simebs.node;

import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeExpandVolumeResponse;
import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGetCapabilitiesResponse;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetInfoResponse;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodePublishVolumeResponse;
import csi.v1.NodeServiceCapability;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeStageVolumeResponse;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnpublishVolumeResponse;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.NodeUnstageVolumeResponse;
import csi.v1.Topology;
import csi.v1.VolumeCondition;
import csi.v1.VolumeUsage;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.ephemeral.EphemeralVolumes;
import dev.simebs.node.request.Access;
import dev.simebs.node.request.BackingFiles;
import dev.simebs.node.request.RequestPaths;
import dev.simebs.node.request.Requests;
import dev.simebs.node.volume.Expander;
import dev.simebs.node.volume.Publisher;
import dev.simebs.node.volume.Stager;
import dev.simebs.node.volume.VolumeStats;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;

/** The CSI Node service: validates each request, runs one domain operation, encodes the answer. */
final class NodeService extends NodeGrpc.NodeImplBase {

  private static final List<NodeServiceCapability.RPC.Type> CAPABILITIES =
      List.of(
          NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME,
          NodeServiceCapability.RPC.Type.GET_VOLUME_STATS,
          NodeServiceCapability.RPC.Type.EXPAND_VOLUME,
          NodeServiceCapability.RPC.Type.VOLUME_CONDITION,
          NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);

  private final NodeConfig config;
  private final RequestPaths paths;
  private final BackingFiles backingFiles;
  private final Stager stager;
  private final Publisher publisher;
  private final Expander expander;
  private final VolumeStats stats;
  private final EphemeralVolumes ephemeral;
  private final InFlight inFlight = new InFlight();

  NodeService(
      NodeConfig config,
      RequestPaths paths,
      BackingFiles backingFiles,
      Stager stager,
      Publisher publisher,
      Expander expander,
      VolumeStats stats,
      EphemeralVolumes ephemeral) {
    this.config = config;
    this.paths = paths;
    this.backingFiles = backingFiles;
    this.stager = stager;
    this.publisher = publisher;
    this.expander = expander;
    this.stats = stats;
    this.ephemeral = ephemeral;
  }

  @Override
  public void nodeStageVolume(
      NodeStageVolumeRequest request, StreamObserver<NodeStageVolumeResponse> observer) {
    Rpc.answer(
        observer,
        () -> {
          String volumeId = Requests.volumeId(request.getVolumeId());
          Path staging = paths.check("staging_target_path", request.getStagingTargetPath());
          Access access =
              Access.of(
                  request.hasVolumeCapability(),
                  request.getVolumeCapability(),
                  request.getVolumeContextMap());
          Path backingFile = backingFiles.check(volumeId, request.getPublishContextMap());
          return inFlight.run(
              volumeId,
              () -> {
                stager.stage(volumeId, backingFile, staging, access);
                return NodeStageVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodeUnstageVolume(
      NodeUnstageVolumeRequest request, StreamObserver<NodeUnstageVolumeResponse> observer) {
    Rpc.answer(
        observer,
        () -> {
          String volumeId = Requests.volumeId(request.getVolumeId());
          Path staging = paths.check("staging_target_path", request.getStagingTargetPath());
          return inFlight.run(
              volumeId,
              () -> {
                stager.unstage(volumeId, staging);
                return NodeUnstageVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodePublishVolume(
      NodePublishVolumeRequest request, StreamObserver<NodePublishVolumeResponse> observer) {
    Rpc.answer(
        observer,
        () -> {
          Requests.require(!request.getVolumeId().isEmpty(), "volume_id");
          Path target = paths.check("target_path", request.getTargetPath());
          Access access =
              Access.of(
                  request.hasVolumeCapability(),
                  request.getVolumeCapability(),
                  request.getVolumeContextMap());
          if (EphemeralVolumes.isEphemeral(request.getVolumeContextMap())) {
            return inFlight.run(
                request.getVolumeId(),
                () -> {
                  ephemeral.publish(
                      request.getVolumeId(),
                      target,
                      access,
                      request.getReadonly(),
                      request.getVolumeContextMap());
                  return NodePublishVolumeResponse.getDefaultInstance();
                });
          }
          String volumeId = Requests.volumeId(request.getVolumeId());
          Path staging = paths.check("staging_target_path", request.getStagingTargetPath());
          return inFlight.run(
              volumeId,
              () -> {
                publisher.publish(volumeId, staging, target, access, request.getReadonly());
                return NodePublishVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodeUnpublishVolume(
      NodeUnpublishVolumeRequest request, StreamObserver<NodeUnpublishVolumeResponse> observer) {
    Rpc.answer(
        observer,
        () -> {
          Requests.require(!request.getVolumeId().isEmpty(), "volume_id");
          Path target = paths.check("target_path", request.getTargetPath());
          if (EphemeralVolumes.isEphemeralId(request.getVolumeId())) {
            return inFlight.run(
                request.getVolumeId(),
                () -> {
                  ephemeral.unpublish(request.getVolumeId(), target);
                  return NodeUnpublishVolumeResponse.getDefaultInstance();
                });
          }
          String volumeId = Requests.volumeId(request.getVolumeId());
          return inFlight.run(
              volumeId,
              () -> {
                publisher.unpublish(volumeId, target);
                return NodeUnpublishVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodeGetVolumeStats(
      NodeGetVolumeStatsRequest request, StreamObserver<NodeGetVolumeStatsResponse> observer) {
    Rpc.answer(
        observer,
        () -> {
          Requests.require(!request.getVolumePath().isEmpty(), "volume_path");
          String volumeId = Requests.volumeId(request.getVolumeId());
          // No volume of ours can live at a path that breaks the rules: NOT_FOUND, as CSI asks.
          Path volumePath =
              paths.check("volume_path", request.getVolumePath(), Status.Code.NOT_FOUND);
          return encode(stats.of(volumeId, volumePath));
        });
  }

  @Override
  public void nodeExpandVolume(
      NodeExpandVolumeRequest request, StreamObserver<NodeExpandVolumeResponse> observer) {
    Rpc.answer(
        observer,
        () -> {
          String volumeId = Requests.volumeId(request.getVolumeId());
          Path volumePath = paths.check("volume_path", request.getVolumePath());
          long required = request.getCapacityRange().getRequiredBytes();
          return inFlight.run(
              volumeId,
              () ->
                  NodeExpandVolumeResponse.newBuilder()
                      .setCapacityBytes(expander.expand(volumeId, volumePath, required))
                      .build());
        });
  }

  @Override
  public void nodeGetCapabilities(
      NodeGetCapabilitiesRequest request, StreamObserver<NodeGetCapabilitiesResponse> observer) {
    Rpc.answer(
        observer,
        () -> {
          NodeGetCapabilitiesResponse.Builder response = NodeGetCapabilitiesResponse.newBuilder();
          for (NodeServiceCapability.RPC.Type type : CAPABILITIES) {
            response.addCapabilities(
                NodeServiceCapability.newBuilder()
                    .setRpc(NodeServiceCapability.RPC.newBuilder().setType(type)));
          }
          return response.build();
        });
  }

  @Override
  public void nodeGetInfo(
      NodeGetInfoRequest request, StreamObserver<NodeGetInfoResponse> observer) {
    Rpc.answer(
        observer,
        () -> {
          NodeGetInfoResponse.Builder info =
              NodeGetInfoResponse.newBuilder()
                  .setNodeId(config.nodeId())
                  .setMaxVolumesPerNode(config.maxVolumesPerNode());
          // No zone configured or labelled: no topology, never a made-up one.
          config
              .zone()
              .ifPresent(
                  zone ->
                      info.setAccessibleTopology(
                          Topology.newBuilder()
                              .putSegments(DriverInfo.ZONE_TOPOLOGY_KEY, zone)
                              .putSegments(DriverInfo.WELL_KNOWN_ZONE_KEY, zone)));
          return info.build();
        });
  }

  private static NodeGetVolumeStatsResponse encode(VolumeStats.Stats result) {
    NodeGetVolumeStatsResponse.Builder response =
        NodeGetVolumeStatsResponse.newBuilder()
            .setVolumeCondition(
                VolumeCondition.newBuilder()
                    .setAbnormal(result.condition().abnormal())
                    .setMessage(result.condition().message()));
    switch (result.usage()) {
      case VolumeStats.Usage.Filesystem fs -> {
        var usage = fs.usage();
        response.addUsage(
            VolumeUsage.newBuilder()
                .setUnit(VolumeUsage.Unit.BYTES)
                .setTotal(usage.totalBytes())
                .setAvailable(usage.availableBytes())
                .setUsed(usage.totalBytes() - usage.freeBytes()));
        response.addUsage(
            VolumeUsage.newBuilder()
                .setUnit(VolumeUsage.Unit.INODES)
                .setTotal(usage.totalInodes())
                .setAvailable(usage.freeInodes())
                .setUsed(usage.totalInodes() - usage.freeInodes()));
      }
      case VolumeStats.Usage.Block block ->
          response.addUsage(
              VolumeUsage.newBuilder()
                  .setUnit(VolumeUsage.Unit.BYTES)
                  .setTotal(block.totalBytes()));
      case VolumeStats.Usage.Unknown unknown -> {}
    }
    return response.build();
  }
}
