package dev.simebs.controller.volumes;

import com.google.protobuf.Int64Value;
import csi.v1.GetCapacityRequest;
import csi.v1.GetCapacityResponse;
import dev.simebs.backend.api.Zone;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.capabilities.CapabilityRules;
import dev.simebs.controller.capabilities.RequestedCapability;
import dev.simebs.controller.parameters.VolumeParameters;
import dev.simebs.controller.parameters.VolumeTypeRules;
import dev.simebs.controller.topology.ZoneTopology;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GetCapacity: the free space of one zone (the request's accessible_topology) or of all zones,
 * as far as volumes with the request's parameters and capabilities can use it: a zone with less
 * free space than the type's smallest volume offers nothing.
 */
public final class CapacityReporter {

  private final Cloud cloud;

  public CapacityReporter(Cloud cloud) {
    this.cloud = cloud;
  }

  public GetCapacityResponse capacity(GetCapacityRequest request) {
    VolumeParameters parameters = VolumeParameters.parse(request.getParametersMap(), Map.of());
    VolumeTypeRules type = parameters.type();
    GetCapacityResponse.Builder response =
        GetCapacityResponse.newBuilder().setMinimumVolumeSize(Int64Value.of(Sizes.bytes(type.sizeGiB().min())));
    if (!servable(request, parameters)) {
      return response.setAvailableCapacity(0).setMaximumVolumeSize(Int64Value.of(0)).build();
    }
    Optional<String> zone =
        request.hasAccessibleTopology()
            ? ZoneTopology.zoneOf(request.getAccessibleTopology(), "accessible_topology")
            : Optional.empty();
    List<Long> usable =
        cloud.zones().stream()
            .filter(z -> zone.map(name -> name.equals(z.getName())).orElse(true))
            .map(Zone::getFreeGib)
            .filter(free -> free >= type.sizeGiB().min())
            .toList();
    long total = usable.stream().mapToLong(Long::longValue).sum();
    long largest = Math.min(usable.stream().mapToLong(Long::longValue).max().orElse(0), type.sizeGiB().max());
    return response
        .setAvailableCapacity(Sizes.bytes(total))
        .setMaximumVolumeSize(Int64Value.of(Sizes.bytes(largest)))
        .build();
  }

  private static boolean servable(GetCapacityRequest request, VolumeParameters parameters) {
    if (request.getVolumeCapabilitiesCount() == 0) {
      return true;
    }
    List<RequestedCapability> capabilities =
        CapabilityRules.readAll(request.getVolumeCapabilitiesList(), "volume_capabilities");
    return capabilities.stream().allMatch(c -> CapabilityRules.problem(c, parameters.multiAttach()).isEmpty());
  }
}
