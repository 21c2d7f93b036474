package dev.simebs.controller.volumes;

import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ControllerGetVolumeResponse;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.capabilities.CapabilityRules;
import dev.simebs.controller.capabilities.RequestedCapability;
import dev.simebs.controller.paging.ListingPages;
import dev.simebs.controller.paging.Pages;
import dev.simebs.controller.parameters.VolumeParameters;
import dev.simebs.controller.requests.ExistingIds;
import dev.simebs.controller.requests.Required;
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
    String volumeId = Required.text(request.getVolumeId(), "volume_id");
    List<RequestedCapability> capabilities =
        CapabilityRules.readAll(request.getVolumeCapabilitiesList(), "volume_capabilities");
    Optional<String> parameterProblem = parameterProblem(request);

    Volume volume = existing(ExistingIds.volume(volumeId));
    Optional<String> problem = parameterProblem;
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

  /** Parameters are confirmed only when CreateVolume would accept them; else the reason why not. */
  private static Optional<String> parameterProblem(ValidateVolumeCapabilitiesRequest request) {
    try {
      VolumeParameters.parse(request.getParametersMap(), request.getMutableParamsMap());
      return Optional.empty();
    } catch (InvalidRequest invalid) {
      return Optional.of(invalid.getMessage());
    }
  }

  public ListVolumesResponse list(ListVolumesRequest request) {
    int maxEntries = Required.maxEntries(request.getMaxEntries());
    Pages.Page<ListVolumesResponse.Entry> page =
        ListingPages.fill(
            (token, max) -> {
              Cloud.VolumePage volumes = cloud.volumePage(token, max);
              return new Pages.Page<>(volumes.volumes(), volumes.nextToken());
            },
            VolumeInspector::entry,
            request.getStartingToken(),
            maxEntries);
    return ListVolumesResponse.newBuilder().addAllEntries(page.items()).setNextToken(page.nextToken()).build();
  }

  /** A listed volume; one being deleted is gone for the CO. */
  private static Optional<ListVolumesResponse.Entry> entry(Volume volume) {
    if (volume.getState() == VolumeState.DELETING) {
      return Optional.empty();
    }
    return Optional.of(
        ListVolumesResponse.Entry.newBuilder()
            .setVolume(CsiVolumes.toCsi(volume, Map.of()))
            .setStatus(
                ListVolumesResponse.VolumeStatus.newBuilder()
                    .addAllPublishedNodeIds(CsiVolumes.publishedNodes(volume))
                    .setVolumeCondition(CsiVolumes.condition(volume)))
            .build());
  }

  public ControllerGetVolumeResponse get(ControllerGetVolumeRequest request) {
    String volumeId = Required.text(request.getVolumeId(), "volume_id");

    Volume volume = existing(ExistingIds.volume(volumeId));
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
        .orElseThrow(() -> ControllerRefusal.missing("volume %s does not exist", volumeId));
  }
}
