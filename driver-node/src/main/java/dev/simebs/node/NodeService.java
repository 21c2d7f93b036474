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
import dev.simebs.node.request.NodeRequests;
import dev.simebs.node.volume.Expander;
import dev.simebs.node.volume.NodePublisher;
import dev.simebs.node.volume.Stager;
import dev.simebs.node.volume.VolumeStats;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The CSI Node service: each RPC checks its request in one place ({@link NodeRequests}), takes the
 * volume's in-flight claim, runs one domain operation and encodes the answer; whatever fails is
 * answered through the one error table ({@link NodeErrors}).
 */
final class NodeService extends NodeGrpc.NodeImplBase {

  private static final List<NodeServiceCapability.RPC.Type> CAPABILITIES =
      List.of(
          NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME,
          NodeServiceCapability.RPC.Type.GET_VOLUME_STATS,
          NodeServiceCapability.RPC.Type.EXPAND_VOLUME,
          NodeServiceCapability.RPC.Type.VOLUME_CONDITION,
          NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);

  private final NodeConfig config;
  private final NodeRequests requests;
  private final Stager stager;
  private final NodePublisher publisher;
  private final Expander expander;
  private final VolumeStats stats;
  private final EphemeralVolumes ephemeral;
  private final NodeInFlight inFlight = new NodeInFlight();

  NodeService(
      NodeConfig config,
      NodeRequests requests,
      Stager stager,
      NodePublisher publisher,
      Expander expander,
      VolumeStats stats,
      EphemeralVolumes ephemeral) {
    this.config = config;
    this.requests = requests;
    this.stager = stager;
    this.publisher = publisher;
    this.expander = expander;
    this.stats = stats;
    this.ephemeral = ephemeral;
  }

  @Override
  public void nodeStageVolume(
      NodeStageVolumeRequest request, StreamObserver<NodeStageVolumeResponse> observer) {
    answer(
        observer,
        () -> {
          NodeRequests.Stage stage = requests.stage(request);
          return inFlight.run(
              stage.volumeId(),
              () -> {
                stager.stage(stage.volumeId(), stage.backingFile(), stage.staging(), stage.access());
                return NodeStageVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodeUnstageVolume(
      NodeUnstageVolumeRequest request, StreamObserver<NodeUnstageVolumeResponse> observer) {
    answer(
        observer,
        () -> {
          NodeRequests.Unstage unstage = requests.unstage(request);
          return inFlight.run(
              unstage.volumeId(),
              () -> {
                stager.unstage(unstage.volumeId(), unstage.staging());
                return NodeUnstageVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodePublishVolume(
      NodePublishVolumeRequest request, StreamObserver<NodePublishVolumeResponse> observer) {
    answer(
        observer,
        () ->
            switch (requests.publish(request)) {
              case NodeRequests.Publish.Inline inline ->
                  inFlight.run(
                      inline.csiVolumeId(),
                      () -> {
                        ephemeral.publish(inline);
                        return NodePublishVolumeResponse.getDefaultInstance();
                      });
              case NodeRequests.Publish.Staged staged ->
                  inFlight.run(
                      staged.volumeId(),
                      () -> {
                        publisher.publish(
                            staged.volumeId(),
                            staged.staging(),
                            staged.target(),
                            staged.access(),
                            staged.readOnly());
                        return NodePublishVolumeResponse.getDefaultInstance();
                      });
            });
  }

  @Override
  public void nodeUnpublishVolume(
      NodeUnpublishVolumeRequest request, StreamObserver<NodeUnpublishVolumeResponse> observer) {
    answer(
        observer,
        () -> {
          NodeRequests.Unpublish unpublish = requests.unpublish(request);
          return inFlight.run(
              unpublish.volumeId(),
              () -> {
                if (unpublish.inline()) {
                  ephemeral.unpublish(unpublish.volumeId(), unpublish.target());
                } else {
                  publisher.unpublish(unpublish.volumeId(), unpublish.target());
                }
                return NodeUnpublishVolumeResponse.getDefaultInstance();
              });
        });
  }

  @Override
  public void nodeGetVolumeStats(
      NodeGetVolumeStatsRequest request, StreamObserver<NodeGetVolumeStatsResponse> observer) {
    answer(
        observer,
        () -> {
          NodeRequests.Stats query = requests.stats(request);
          return encode(stats.of(query.volumeId(), query.volumePath()));
        });
  }

  @Override
  public void nodeExpandVolume(
      NodeExpandVolumeRequest request, StreamObserver<NodeExpandVolumeResponse> observer) {
    answer(
        observer,
        () -> {
          NodeRequests.Expand expand = requests.expand(request);
          return inFlight.run(
              expand.volumeId(),
              () ->
                  NodeExpandVolumeResponse.newBuilder()
                      .setCapacityBytes(expander.expand(expand))
                      .build());
        });
  }

  @Override
  public void nodeGetCapabilities(
      NodeGetCapabilitiesRequest request, StreamObserver<NodeGetCapabilitiesResponse> observer) {
    answer(
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
    answer(
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

  /** Answers through the node's error table. */
  private static <T> void answer(StreamObserver<T> observer, Callable<T> handler) {
    Rpc.answer(observer, NodeErrors.mapped(handler));
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
    }
    return response.build();
  }
}
