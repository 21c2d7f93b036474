package dev.simebs.controller;

import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerGetCapabilitiesResponse;
import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerGetVolumeResponse;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.ControllerModifyVolumeResponse;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
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
import csi.v1.GetCapacityRequest;
import csi.v1.GetCapacityResponse;
import csi.v1.GetSnapshotRequest;
import csi.v1.GetSnapshotResponse;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.errors.CsiErrors;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.common.identity.AdvertisedSpec;
import dev.simebs.controller.publish.ControllerPublisher;
import dev.simebs.controller.snapshots.SnapshotCreator;
import dev.simebs.controller.snapshots.SnapshotDeleter;
import dev.simebs.controller.snapshots.SnapshotInspector;
import dev.simebs.controller.volumes.CapacityReporter;
import dev.simebs.controller.volumes.VolumeDeleter;
import dev.simebs.controller.volumes.VolumeInspector;
import dev.simebs.controller.volumes.VolumeModifier;
import dev.simebs.controller.volumes.VolumeProvisioner;
import dev.simebs.controller.volumes.VolumeResizer;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Callable;

/**
 * The CSI Controller gRPC service: each RPC hands its request to one domain object and answers
 * with its result. This is the edge where the domain's failures (refusals and backend failures)
 * become CSI status codes, through the one table in {@link CsiErrors}.
 */
final class ControllerService extends ControllerGrpc.ControllerImplBase {

  /** The domain objects behind the RPCs. */
  record Handlers(
      VolumeProvisioner provisioner,
      VolumeDeleter deleter,
      ControllerPublisher publisher,
      VolumeInspector inspector,
      CapacityReporter capacity,
      VolumeResizer resizer,
      VolumeModifier modifier,
      SnapshotCreator snapshotCreator,
      SnapshotDeleter snapshotDeleter,
      SnapshotInspector snapshotInspector) {}

  private final Handlers h;
  private final AdvertisedSpec advertised;

  ControllerService(Handlers handlers, AdvertisedSpec advertised) {
    this.h = handlers;
    this.advertised = advertised;
  }

  @Override
  public void createVolume(CreateVolumeRequest request, StreamObserver<CreateVolumeResponse> observer) {
    answer(observer, () -> h.provisioner().create(request));
  }

  @Override
  public void deleteVolume(DeleteVolumeRequest request, StreamObserver<DeleteVolumeResponse> observer) {
    answer(observer, () -> h.deleter().delete(request));
  }

  @Override
  public void controllerPublishVolume(
      ControllerPublishVolumeRequest request, StreamObserver<ControllerPublishVolumeResponse> observer) {
    answer(observer, () -> h.publisher().publish(request));
  }

  @Override
  public void controllerUnpublishVolume(
      ControllerUnpublishVolumeRequest request, StreamObserver<ControllerUnpublishVolumeResponse> observer) {
    answer(observer, () -> h.publisher().unpublish(request));
  }

  @Override
  public void validateVolumeCapabilities(
      ValidateVolumeCapabilitiesRequest request, StreamObserver<ValidateVolumeCapabilitiesResponse> observer) {
    answer(observer, () -> h.inspector().validate(request));
  }

  @Override
  public void listVolumes(ListVolumesRequest request, StreamObserver<ListVolumesResponse> observer) {
    answer(observer, () -> h.inspector().list(request));
  }

  @Override
  public void getCapacity(GetCapacityRequest request, StreamObserver<GetCapacityResponse> observer) {
    answer(observer, () -> h.capacity().capacity(request));
  }

  @Override
  public void controllerGetCapabilities(
      ControllerGetCapabilitiesRequest request, StreamObserver<ControllerGetCapabilitiesResponse> observer) {
    answer(
        observer,
        () ->
            ControllerGetCapabilitiesResponse.newBuilder()
                .addAllCapabilities(ControllerCapabilities.controller(advertised))
                .build());
  }

  @Override
  public void createSnapshot(CreateSnapshotRequest request, StreamObserver<CreateSnapshotResponse> observer) {
    answer(observer, () -> h.snapshotCreator().create(request));
  }

  @Override
  public void deleteSnapshot(DeleteSnapshotRequest request, StreamObserver<DeleteSnapshotResponse> observer) {
    answer(observer, () -> h.snapshotDeleter().delete(request));
  }

  @Override
  public void listSnapshots(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> observer) {
    answer(observer, () -> h.snapshotInspector().list(request));
  }

  @Override
  public void getSnapshot(GetSnapshotRequest request, StreamObserver<GetSnapshotResponse> observer) {
    answer(observer, () -> h.snapshotInspector().get(request));
  }

  @Override
  public void controllerExpandVolume(
      ControllerExpandVolumeRequest request, StreamObserver<ControllerExpandVolumeResponse> observer) {
    answer(observer, () -> h.resizer().expand(request));
  }

  @Override
  public void controllerGetVolume(
      ControllerGetVolumeRequest request, StreamObserver<ControllerGetVolumeResponse> observer) {
    answer(observer, () -> h.inspector().get(request));
  }

  @Override
  public void controllerModifyVolume(
      ControllerModifyVolumeRequest request, StreamObserver<ControllerModifyVolumeResponse> observer) {
    answer(observer, () -> h.modifier().modify(request));
  }

  private static <T> void answer(StreamObserver<T> observer, Callable<T> handler) {
    Rpc.answer(
        observer,
        () -> {
          try {
            return handler.call();
          } catch (ControllerRefusal refusal) {
            throw CsiErrors.toStatus(refusal);
          } catch (BackendFailure failure) {
            throw CsiErrors.toStatus(failure);
          }
        });
  }
}
