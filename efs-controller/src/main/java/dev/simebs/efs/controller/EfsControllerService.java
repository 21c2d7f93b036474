package dev.simebs.efs.controller;

import csi.v1.ControllerGetCapabilitiesRequest;
import csi.v1.ControllerGetCapabilitiesResponse;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerServiceCapability;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.DeleteVolumeRequest;
import csi.v1.DeleteVolumeResponse;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.errors.CsiErrors;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.efs.controller.provisioning.AccessPointDeleter;
import dev.simebs.efs.controller.provisioning.AccessPointProvisioner;
import dev.simebs.efs.controller.volumes.EfsVolumeValidator;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The EFS driver's CSI Controller service: each RPC hands its request to one domain object and
 * answers with its result; refusals and backend failures become CSI codes here, through the one
 * error table both drivers share (CsiErrors).
 * No attach (the CSIDriver says attachRequired: false), no snapshots, no expansion: the RPCs it
 * does not offer answer UNIMPLEMENTED.
 */
final class EfsControllerService extends ControllerGrpc.ControllerImplBase {

  static final List<ControllerServiceCapability.RPC.Type> CAPABILITIES = List.of(
      ControllerServiceCapability.RPC.Type.CREATE_DELETE_VOLUME,
      ControllerServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);

  /** The domain objects behind the RPCs. */
  record Handlers(AccessPointProvisioner provisioner, AccessPointDeleter deleter,
      EfsVolumeValidator validator) {}

  private final Handlers h;

  EfsControllerService(Handlers handlers) {
    this.h = handlers;
  }

  @Override
  public void createVolume(CreateVolumeRequest request,
      StreamObserver<CreateVolumeResponse> observer) {
    answer(observer, () -> h.provisioner().create(request));
  }

  @Override
  public void deleteVolume(DeleteVolumeRequest request,
      StreamObserver<DeleteVolumeResponse> observer) {
    answer(observer, () -> h.deleter().delete(request));
  }

  @Override
  public void validateVolumeCapabilities(ValidateVolumeCapabilitiesRequest request,
      StreamObserver<ValidateVolumeCapabilitiesResponse> observer) {
    answer(observer, () -> h.validator().validate(request));
  }

  @Override
  public void controllerGetCapabilities(ControllerGetCapabilitiesRequest request,
      StreamObserver<ControllerGetCapabilitiesResponse> observer) {
    answer(observer, () -> {
      ControllerGetCapabilitiesResponse.Builder response =
          ControllerGetCapabilitiesResponse.newBuilder();
      CAPABILITIES.forEach(type -> response.addCapabilities(ControllerServiceCapability
          .newBuilder().setRpc(ControllerServiceCapability.RPC.newBuilder().setType(type))));
      return response.build();
    });
  }

  private static <T> void answer(StreamObserver<T> observer, Callable<T> handler) {
    Rpc.answer(observer, () -> {
      try {
        return handler.call();
      } catch (BackendFailure failure) {
        throw CsiErrors.toStatus(failure);
      } catch (ControllerRefusal refusal) {
        throw CsiErrors.toStatus(refusal);
      }
    });
  }
}
