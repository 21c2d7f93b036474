package dev.simebs.controller.volumes;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.capabilities.CapabilityRules;
import dev.simebs.controller.parameters.VolumeTypeRules;
import dev.simebs.controller.requests.ExistingIds;
import dev.simebs.controller.requests.Required;
import java.util.Optional;

/**
 * ControllerExpandVolume: grows a volume through the backend's ModifyVolume, online. A volume
 * already at least as large is success (the spec's idempotency rule); a limit below the current
 * size would need shrinking, which block storage cannot do: OUT_OF_RANGE. The node always
 * finishes the expansion (NodeExpandVolume), for file systems and raw block volumes alike.
 */
public final class VolumeResizer {

  private final Cloud cloud;
  private final Modifications modifications;
  private final ControllerInFlight inFlight;

  public VolumeResizer(Cloud cloud, Modifications modifications, ControllerInFlight inFlight) {
    this.cloud = cloud;
    this.modifications = modifications;
    this.inFlight = inFlight;
  }

  public ControllerExpandVolumeResponse expand(ControllerExpandVolumeRequest request) {
    String volumeId = Required.text(request.getVolumeId(), "volume_id");
    if (!request.hasCapacityRange()) {
      throw new InvalidRequest("capacity_range is required");
    }
    CapacityRange range = Required.nonNegative(request.getCapacityRange(), "capacity_range");
    if (range.getRequiredBytes() == 0 && range.getLimitBytes() == 0) {
      throw new InvalidRequest("capacity_range needs required_bytes or limit_bytes");
    }
    if (request.hasVolumeCapability()) {
      CapabilityRules.read(request.getVolumeCapability(), "volume_capability");
    }

    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Volume(ExistingIds.volume(volumeId)))) {
      Volume volume =
          cloud.findVolume(volumeId).orElseThrow(() -> ControllerRefusal.missing("volume %s does not exist", volumeId));
      long sizeGiB = targetSize(volume, range);
      if (sizeGiB > volume.getSizeGib()) {
        grow(volume, sizeGiB);
      }
      // Always the node's turn next: a file system grows there, and a raw block volume's loop
      // device keeps its old size until the node refreshes its capacity.
      return ControllerExpandVolumeResponse.newBuilder()
          .setCapacityBytes(Sizes.bytes(Math.max(sizeGiB, volume.getSizeGib())))
          .setNodeExpansionRequired(true)
          .build();
    }
  }

  private static long targetSize(Volume volume, CapacityRange range) {
    long current = volume.getSizeGib();
    long limit = range.getLimitBytes();
    if (limit > 0 && Sizes.bytes(current) > limit) {
      throw ControllerRefusal.sizeOutOfRange(
          "volume %s is %d GiB, more than capacity_range.limit_bytes %d; volumes cannot shrink",
          volume.getVolumeId(), current, limit);
    }
    long wanted = Sizes.gibRoundedUp(range.getRequiredBytes());
    if (limit > 0 && Sizes.bytes(wanted) > limit) {
      throw ControllerRefusal.sizeOutOfRange(
          "capacity_range.required_bytes rounds up to %d GiB, more than capacity_range.limit_bytes %d",
          wanted, limit);
    }
    return Sizes.withinType(wanted, VolumeTypeRules.of(volume.getType()));
  }

  private void grow(Volume volume, long sizeGiB) {
    Optional<VolumeModification> running = modifications.running(volume.getVolumeId());
    if (running.isPresent() && running.get().getTargetSizeGib() >= sizeGiB) {
      modifications.awaitApplied(running.get());
      return;
    }
    modifications.apply(
        ModifyVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setSizeGib(sizeGiB).build());
  }
}
