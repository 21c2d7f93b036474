package dev.simebs.bench.run;

import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerGetCapabilitiesResponse;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerServiceCapability;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeResponse;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteSnapshotResponse;
import csi.v1.DeleteVolumeRequest;
import csi.v1.DeleteVolumeResponse;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeExpandVolumeResponse;
import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGetCapabilitiesResponse;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetInfoResponse;
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
import csi.v1.PluginCapability;
import csi.v1.Snapshot;
import csi.v1.Volume;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.common.identity.PluginCapabilities;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-memory CSI driver for testing the tool without root: a volume is a directory,
 * "publishing" symlinks the target to it, a snapshot is a copy of it, and every
 * {@code failEveryNthCreate}-th CreateVolume fails with RESOURCE_EXHAUSTED.
 */
final class FakeCsiDriver implements AutoCloseable {

  private final Path root;
  private final int failEveryNthCreate;
  private final AtomicInteger creates = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, Volume> volumesByName = new ConcurrentHashMap<>();
  private final Map<String, Volume> volumes = new ConcurrentSkipListMap<>();
  private final Map<String, Snapshot> snapshotsByName = new ConcurrentHashMap<>();
  private final Map<String, Snapshot> snapshots = new ConcurrentSkipListMap<>();
  private final AtomicInteger notReadyAnswers = new AtomicInteger();
  private final GrpcServer server;

  FakeCsiDriver(Path socket, Path root, int failEveryNthCreate) throws IOException {
    this(socket, root, failEveryNthCreate, true);
  }

  /** @param tellsVersion false: GetPluginInfo fails as the hostpath driver's does when built without a version */
  FakeCsiDriver(Path socket, Path root, int failEveryNthCreate, boolean tellsVersion) throws IOException {
    this.root = root;
    this.failEveryNthCreate = failEveryNthCreate;
    this.server =
        GrpcServer.start(
            new Endpoint.Unix(socket),
            List.of(
                new IdentityService(
                    List.of(PluginCapabilities.service(PluginCapability.Service.Type.CONTROLLER_SERVICE)),
                    () -> true),
                new Controller(),
                new Node()),
            tellsVersion ? List.of() : List.of(new MissingVersion()),
            Duration.ofSeconds(1));
  }

  int volumeCount() {
    return volumes.size();
  }

  int snapshotCount() {
    return snapshots.size();
  }

  private Path dir(String id) {
    return root.resolve(id);
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private final class Controller extends ControllerGrpc.ControllerImplBase {

    @Override
    public void controllerGetCapabilities(
        ControllerGetCapabilitiesRequest request, StreamObserver<ControllerGetCapabilitiesResponse> observer) {
      ControllerGetCapabilitiesResponse.Builder answer = ControllerGetCapabilitiesResponse.newBuilder();
      for (var type : List.of(
          ControllerServiceCapability.RPC.Type.CREATE_DELETE_VOLUME,
          ControllerServiceCapability.RPC.Type.PUBLISH_UNPUBLISH_VOLUME,
          ControllerServiceCapability.RPC.Type.LIST_VOLUMES,
          ControllerServiceCapability.RPC.Type.CREATE_DELETE_SNAPSHOT,
          ControllerServiceCapability.RPC.Type.LIST_SNAPSHOTS,
          ControllerServiceCapability.RPC.Type.EXPAND_VOLUME)) {
        answer.addCapabilities(
            ControllerServiceCapability.newBuilder()
                .setRpc(ControllerServiceCapability.RPC.newBuilder().setType(type)));
      }
      Rpc.answer(observer, answer::build);
    }

    @Override
    public void createVolume(CreateVolumeRequest request, StreamObserver<CreateVolumeResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            if (failEveryNthCreate > 0 && creates.incrementAndGet() % failEveryNthCreate == 0) {
              throw Status.RESOURCE_EXHAUSTED.withDescription("injected").asRuntimeException();
            }
            Volume volume =
                volumesByName.computeIfAbsent(
                    request.getName(),
                    name -> {
                      String id = "vol-" + ids.incrementAndGet();
                      try {
                        if (request.getVolumeContentSource().hasSnapshot()) {
                          copy(dir(request.getVolumeContentSource().getSnapshot().getSnapshotId()), dir(id));
                        } else {
                          Files.createDirectories(dir(id));
                        }
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                      return Volume.newBuilder()
                          .setVolumeId(id)
                          .setCapacityBytes(request.getCapacityRange().getRequiredBytes())
                          .build();
                    });
            volumes.put(volume.getVolumeId(), volume);
            return CreateVolumeResponse.newBuilder().setVolume(volume).build();
          });
    }

    @Override
    public void deleteVolume(DeleteVolumeRequest request, StreamObserver<DeleteVolumeResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            Volume gone = volumes.remove(request.getVolumeId());
            if (gone != null) {
              volumesByName.values().remove(gone);
            }
            return DeleteVolumeResponse.getDefaultInstance();
          });
    }

    @Override
    public void controllerPublishVolume(
        ControllerPublishVolumeRequest request, StreamObserver<ControllerPublishVolumeResponse> observer) {
      Rpc.answer(observer, () -> ControllerPublishVolumeResponse.newBuilder().putPublishContext("attached", "yes").build());
    }

    @Override
    public void controllerUnpublishVolume(
        ControllerUnpublishVolumeRequest request, StreamObserver<ControllerUnpublishVolumeResponse> observer) {
      Rpc.answer(observer, ControllerUnpublishVolumeResponse::getDefaultInstance);
    }

    @Override
    public void listVolumes(ListVolumesRequest request, StreamObserver<ListVolumesResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            List<Volume> all = new ArrayList<>(volumes.values());
            int start = request.getStartingToken().isEmpty() ? 0 : Integer.parseInt(request.getStartingToken());
            int end = Math.min(all.size(), start + request.getMaxEntries());
            ListVolumesResponse.Builder page = ListVolumesResponse.newBuilder();
            all.subList(start, end).forEach(v -> page.addEntries(ListVolumesResponse.Entry.newBuilder().setVolume(v)));
            return page.setNextToken(end < all.size() ? Integer.toString(end) : "").build();
          });
    }

    @Override
    public void createSnapshot(CreateSnapshotRequest request, StreamObserver<CreateSnapshotResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            Snapshot snapshot =
                snapshotsByName.computeIfAbsent(
                    request.getName(),
                    name -> {
                      String id = "snap-" + ids.incrementAndGet();
                      try {
                        copy(dir(request.getSourceVolumeId()), dir(id));
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                      return Snapshot.newBuilder()
                          .setSnapshotId(id)
                          .setSourceVolumeId(request.getSourceVolumeId())
                          .build();
                    });
            snapshots.put(snapshot.getSnapshotId(), snapshot);
            // The first answer says "not ready yet", like a cloud's pending snapshot.
            boolean ready = notReadyAnswers.incrementAndGet() % 2 == 0 || snapshot.getReadyToUse();
            Snapshot answer = snapshot.toBuilder().setReadyToUse(ready).build();
            if (ready) {
              snapshotsByName.put(request.getName(), answer);
            }
            return CreateSnapshotResponse.newBuilder().setSnapshot(answer).build();
          });
    }

    @Override
    public void deleteSnapshot(DeleteSnapshotRequest request, StreamObserver<DeleteSnapshotResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            Snapshot gone = snapshots.remove(request.getSnapshotId());
            if (gone != null) {
              snapshotsByName.values().removeIf(s -> s.getSnapshotId().equals(gone.getSnapshotId()));
            }
            return DeleteSnapshotResponse.getDefaultInstance();
          });
    }

    @Override
    public void listSnapshots(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            List<Snapshot> all = new ArrayList<>(snapshots.values());
            int start = request.getStartingToken().isEmpty() ? 0 : Integer.parseInt(request.getStartingToken());
            int end = Math.min(all.size(), start + request.getMaxEntries());
            ListSnapshotsResponse.Builder page = ListSnapshotsResponse.newBuilder();
            all.subList(start, end).forEach(s -> page.addEntries(ListSnapshotsResponse.Entry.newBuilder().setSnapshot(s)));
            return page.setNextToken(end < all.size() ? Integer.toString(end) : "").build();
          });
    }

    @Override
    public void controllerExpandVolume(
        ControllerExpandVolumeRequest request, StreamObserver<ControllerExpandVolumeResponse> observer) {
      Rpc.answer(
          observer,
          () ->
              ControllerExpandVolumeResponse.newBuilder()
                  .setCapacityBytes(request.getCapacityRange().getRequiredBytes())
                  .setNodeExpansionRequired(true)
                  .build());
    }
  }

  private final class Node extends NodeGrpc.NodeImplBase {

    @Override
    public void nodeGetInfo(NodeGetInfoRequest request, StreamObserver<NodeGetInfoResponse> observer) {
      Rpc.answer(observer, () -> NodeGetInfoResponse.newBuilder().setNodeId("fake-node").build());
    }

    @Override
    public void nodeGetCapabilities(
        NodeGetCapabilitiesRequest request, StreamObserver<NodeGetCapabilitiesResponse> observer) {
      NodeGetCapabilitiesResponse.Builder answer = NodeGetCapabilitiesResponse.newBuilder();
      for (var type : List.of(NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME, NodeServiceCapability.RPC.Type.EXPAND_VOLUME)) {
        answer.addCapabilities(
            NodeServiceCapability.newBuilder().setRpc(NodeServiceCapability.RPC.newBuilder().setType(type)));
      }
      Rpc.answer(observer, answer::build);
    }

    @Override
    public void nodeStageVolume(NodeStageVolumeRequest request, StreamObserver<NodeStageVolumeResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            if (!"yes".equals(request.getPublishContextMap().get("attached"))) {
              throw Status.FAILED_PRECONDITION.withDescription("not attached").asRuntimeException();
            }
            return NodeStageVolumeResponse.getDefaultInstance();
          });
    }

    @Override
    public void nodeUnstageVolume(NodeUnstageVolumeRequest request, StreamObserver<NodeUnstageVolumeResponse> observer) {
      Rpc.answer(observer, NodeUnstageVolumeResponse::getDefaultInstance);
    }

    @Override
    public void nodePublishVolume(NodePublishVolumeRequest request, StreamObserver<NodePublishVolumeResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            Files.createSymbolicLink(Path.of(request.getTargetPath()), dir(request.getVolumeId()));
            return NodePublishVolumeResponse.getDefaultInstance();
          });
    }

    @Override
    public void nodeUnpublishVolume(
        NodeUnpublishVolumeRequest request, StreamObserver<NodeUnpublishVolumeResponse> observer) {
      Rpc.answer(
          observer,
          () -> {
            Files.deleteIfExists(Path.of(request.getTargetPath()));
            return NodeUnpublishVolumeResponse.getDefaultInstance();
          });
    }

    @Override
    public void nodeExpandVolume(NodeExpandVolumeRequest request, StreamObserver<NodeExpandVolumeResponse> observer) {
      Rpc.answer(observer, () -> NodeExpandVolumeResponse.newBuilder().setCapacityBytes(request.getCapacityRange().getRequiredBytes()).build());
    }
  }

  /** Answers GetPluginInfo with UNAVAILABLE, like a hostpath driver built without its version. */
  private static final class MissingVersion implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (!call.getMethodDescriptor().getBareMethodName().equals("GetPluginInfo")) {
        return next.startCall(call, headers);
      }
      call.close(Status.UNAVAILABLE.withDescription("Driver is missing version"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
