package dev.simebs.efs.node;

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
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnpublishVolumeResponse;
import csi.v1.Topology;
import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeCapability;
import csi.v1.VolumeCondition;
import csi.v1.VolumeUsage;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.errors.CsiErrors;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.common.inflight.InFlightGuard;
import dev.simebs.common.paths.PathRules;
import dev.simebs.efs.node.publish.SharePublisher;
import dev.simebs.efs.node.publish.ShareStats;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The EFS driver's CSI Node service: no stage (a shared file system needs no device), publish
 * and unpublish of any number of volumes on any number of nodes, stats. Each RPC checks its
 * request, takes the target, and hands it to one domain object; this is the one place refusals
 * and backend failures become CSI codes.
 */
final class EfsNodeService extends NodeGrpc.NodeImplBase {

  private static final List<NodeServiceCapability.RPC.Type> CAPABILITIES = List.of(
      NodeServiceCapability.RPC.Type.GET_VOLUME_STATS,
      NodeServiceCapability.RPC.Type.VOLUME_CONDITION,
      NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);

  private final EfsNodeConfig config;
  private final PathRules paths;
  private final SharePublisher publisher;
  private final ShareStats stats;
  private final InFlightGuard<Path> inFlight = new InFlightGuard<>(target ->
      new NodeRefusal.Busy("an operation on %s is already in progress".formatted(target)));

  EfsNodeService(EfsNodeConfig config, SharePublisher publisher, ShareStats stats) {
    this.config = config;
    // Targets lie in the allowed roots (the kubelet directory), never in the backend's data.
    this.paths = PathRules.of(config.allowedRoots(), List.of(config.backendDataDir()));
    this.publisher = publisher;
    this.stats = stats;
  }

  @Override
  public void nodePublishVolume(NodePublishVolumeRequest request,
      StreamObserver<NodePublishVolumeResponse> observer) {
    answer(observer, () -> {
      required(!request.getVolumeId().isEmpty(), "volume_id");
      Path target = paths.check("target_path", request.getTargetPath()).path();
      required(request.hasVolumeCapability(), "volume_capability");
      boolean readOnly = request.getReadonly() | readerOnly(request.getVolumeCapability());
      VolumeHandle handle;
      try {
        handle = VolumeHandle.parse(request.getVolumeId());
      } catch (VolumeHandle.MalformedHandleException e) {
        throw new InvalidRequest("%s", e.getMessage());
      }
      try (InFlightGuard.Claim _ = inFlight.claim(target)) {
        publisher.publish(handle, target, readOnly);
      }
      return NodePublishVolumeResponse.getDefaultInstance();
    });
  }

  @Override
  public void nodeUnpublishVolume(NodeUnpublishVolumeRequest request,
      StreamObserver<NodeUnpublishVolumeResponse> observer) {
    answer(observer, () -> {
      required(!request.getVolumeId().isEmpty(), "volume_id");
      Path target = paths.check("target_path", request.getTargetPath()).path();
      try (InFlightGuard.Claim _ = inFlight.claim(target)) {
        publisher.unpublish(target);
      }
      return NodeUnpublishVolumeResponse.getDefaultInstance();
    });
  }

  @Override
  public void nodeGetVolumeStats(NodeGetVolumeStatsRequest request,
      StreamObserver<NodeGetVolumeStatsResponse> observer) {
    answer(observer, () -> {
      required(!request.getVolumeId().isEmpty(), "volume_id");
      required(!request.getVolumePath().isEmpty(), "volume_path");
      VolumeHandle handle;
      try {
        handle = VolumeHandle.parse(request.getVolumeId());
      } catch (VolumeHandle.MalformedHandleException e) {
        throw new NodeRefusal.NotFound(e.getMessage()); // no such volume can exist here
      }
      Path path = paths.checkLookedUp("volume_path", request.getVolumePath()).path();
      ShareStats.Usage usage = stats.of(handle, path);
      NodeGetVolumeStatsResponse.Builder response = NodeGetVolumeStatsResponse.newBuilder()
          .setVolumeCondition(VolumeCondition.newBuilder()
              .setAbnormal(usage.abnormal()).setMessage(usage.message()));
      if (!usage.abnormal()) {
        response.addUsage(VolumeUsage.newBuilder().setUnit(VolumeUsage.Unit.BYTES)
            .setTotal(usage.totalBytes()).setAvailable(usage.availableBytes())
            .setUsed(usage.usedBytes()));
        response.addUsage(VolumeUsage.newBuilder().setUnit(VolumeUsage.Unit.INODES)
            .setTotal(usage.totalInodes()).setAvailable(usage.freeInodes())
            .setUsed(usage.totalInodes() - usage.freeInodes()));
      }
      return response.build();
    });
  }

  @Override
  public void nodeGetCapabilities(NodeGetCapabilitiesRequest request,
      StreamObserver<NodeGetCapabilitiesResponse> observer) {
    answer(observer, () -> {
      NodeGetCapabilitiesResponse.Builder response = NodeGetCapabilitiesResponse.newBuilder();
      CAPABILITIES.forEach(type -> response.addCapabilities(NodeServiceCapability.newBuilder()
          .setRpc(NodeServiceCapability.RPC.newBuilder().setType(type))));
      return response.build();
    });
  }

  @Override
  public void nodeGetInfo(NodeGetInfoRequest request,
      StreamObserver<NodeGetInfoResponse> observer) {
    answer(observer, () -> NodeGetInfoResponse.newBuilder()
        .setNodeId(config.nodeId())
        .setAccessibleTopology(Topology.newBuilder()
            .putSegments(EfsDriverInfo.ZONE_TOPOLOGY_KEY, config.zone())
            .putSegments(DriverInfo.WELL_KNOWN_ZONE_KEY, config.zone()))
        .build());
  }

  /** A mount capability with an access mode; block access is not offered. */
  private static boolean readerOnly(VolumeCapability capability) {
    if (!capability.hasAccessMode() || capability.getAccessMode().getMode() == Mode.UNKNOWN
        || capability.getAccessMode().getMode() == Mode.UNRECOGNIZED) {
      throw new InvalidRequest("volume_capability.access_mode.mode is required");
    }
    if (!capability.hasMount()) {
      throw new InvalidRequest("%s", 
          "volume_capability: only mount access is offered; a shared file system has no block device");
    }
    Mode mode = capability.getAccessMode().getMode();
    return mode == Mode.SINGLE_NODE_READER_ONLY || mode == Mode.MULTI_NODE_READER_ONLY;
  }

  private static void required(boolean present, String field) {
    if (!present) {
      throw new InvalidRequest("%s", field + " is required");
    }
  }

  private static <T> void answer(StreamObserver<T> observer, Callable<T> handler) {
    Rpc.answer(observer, () -> {
      try {
        return handler.call();
      } catch (BackendFailure failure) {
        throw CsiErrors.toStatus(failure);
      } catch (NodeRefusal refusal) {
        Status status = switch (refusal) {
          case NodeRefusal.NotFound _ -> Status.NOT_FOUND;
          case NodeRefusal.Conflict _ -> Status.ALREADY_EXISTS;
          case NodeRefusal.Busy _ -> Status.ABORTED;
        };
        throw status.withDescription(refusal.getMessage()).asRuntimeException();
      }
    });
  }
}
