package dev.simebs.controller.volumes;

import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerGetVolumeResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.capabilities.CapabilityRules;
import dev.simebs.controller.capabilities.RequestedCapability;
import dev.simebs.controller.parameters.Invalid;
import dev.simebs.controller.requests.Required;
import dev.simebs.controller.parameters.VolumeParameters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read-only volume RPCs: ValidateVolumeCapabilities, ListVolumes and ControllerGetVolume. */
public final class VolumeInspector {

  private final Cloud cloud;

  public VolumeInspector(Cloud cloud) {
    this.cloud = cloud;
  }

  public ValidateVolumeCapabilitiesResponse validate(ValidateVolumeCapabilitiesRequest request) {
    String volumeId = Required.volumeId(request.getVolumeId(), "volume_id");
    List<RequestedCapability> capabilities =
        CapabilityRules.readAll(request.getVolumeCapabilitiesList(), "volume_capabilities");
    Volume volume = existing(volumeId);
    Optional<String> problem = parameterProblem(request);
    for (RequestedCapability capability : capabilities) {
      problem = problem.or(() -> CapabilityRules.problem(capability, volume.getMultiAttach()));
    }
    if (problem.isPresent()) {
      return ValidateVolumeCapabilitiesResponse.newBuilder().setMessage(problem.get()).build();
    }
    return ValidateVolumeCapabilitiesResponse.newBuilder()
        .setConfirmed(
            ValidateVolumeCapabilitiesResponse.Confirmed.newBuilder()
                .addAllVolumeCapabilities(request.getVolumeCapabilitiesList())
                .putAllVolumeContext(request.getVolumeContextMap())
                .putAllParameters(request.getParametersMap())
                .putAllMutableParams(request.getMutableParamsMap()))
        .build();
  }

  /** Parameters are confirmed only when CreateVolume would accept them. */
  private static Optional<String> parameterProblem(ValidateVolumeCapabilitiesRequest request) {
    try {
      VolumeParameters.parse(request.getParametersMap(), request.getMutableParamsMap());
      return Optional.empty();
    } catch (StatusRuntimeException invalid) {
      return Optional.ofNullable(invalid.getStatus().getDescription());
    }
  }

  public ListVolumesResponse list(ListVolumesRequest request) {
    if (request.getMaxEntries() < 0) {
      throw Invalid.argument("max_entries must not be negative, got %d", request.getMaxEntries());
    }
    Cloud.VolumePage page;
    try {
      page = cloud.volumePage(request.getStartingToken(), request.getMaxEntries());
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.INVALID_PARAMETER_VALUE)) {
        throw Rpc.fail(
            Status.Code.ABORTED,
            "starting_token \"%s\" is not valid; start again without one",
            request.getStartingToken());
      }
      throw failure;
    }
    ListVolumesResponse.Builder response = ListVolumesResponse.newBuilder().setNextToken(page.nextToken());
    for (Volume volume : page.volumes()) {
      if (volume.getState() == VolumeState.DELETING) {
        continue;
      }
      response.addEntries(
          ListVolumesResponse.Entry.newBuilder()
              .setVolume(CsiVolumes.toCsi(volume, Map.of()))
              .setStatus(
                  ListVolumesResponse.VolumeStatus.newBuilder()
                      .addAllPublishedNodeIds(CsiVolumes.publishedNodes(volume))
                      .setVolumeCondition(CsiVolumes.condition(volume))));
    }
    return response.build();
  }

  public ControllerGetVolumeResponse get(ControllerGetVolumeRequest request) {
    Volume volume = existing(Required.volumeId(request.getVolumeId(), "volume_id"));
    return ControllerGetVolumeResponse.newBuilder()
        .setVolume(CsiVolumes.toCsi(volume, Map.of()))
        .setStatus(
            ControllerGetVolumeResponse.VolumeStatus.newBuilder()
                .addAllPublishedNodeIds(CsiVolumes.publishedNodes(volume))
                .setVolumeCondition(CsiVolumes.condition(volume)))
        .build();
  }

  private Volume existing(String volumeId) {
    return cloud.findVolume(volumeId)
        .filter(v -> v.getState() != VolumeState.DELETING)
        .orElseThrow(() -> Rpc.fail(Status.Code.NOT_FOUND, "volume %s does not exist", volumeId));
  }
}
