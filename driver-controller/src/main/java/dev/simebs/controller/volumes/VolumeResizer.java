package dev.simebs.controller.volumes;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.capabilities.AccessType;
import dev.simebs.controller.capabilities.CapabilityRules;
import dev.simebs.controller.inflight.InFlight;
import dev.simebs.controller.inflight.OperationKey;
import dev.simebs.controller.parameters.Invalid;
import dev.simebs.controller.parameters.VolumeTypeRules;
import dev.simebs.controller.requests.Required;
import io.grpc.Status;
import java.util.Optional;

/**
 * ControllerExpandVolume: grows a volume through the backend's ModifyVolume, online. A volume
 * already at least as large is success (the spec's idempotency rule); a limit below the current
 * size would need shrinking, which block storage cannot do: OUT_OF_RANGE.
 */
public final class VolumeResizer {

  private final Cloud cloud;
  private final Modifications modifications;
  private final InFlight inFlight;

  public VolumeResizer(Cloud cloud, Modifications modifications, InFlight inFlight) {
    this.cloud = cloud;
    this.modifications = modifications;
    this.inFlight = inFlight;
  }

  public ControllerExpandVolumeResponse expand(ControllerExpandVolumeRequest request) {
    String volumeId = Required.volumeId(request.getVolumeId(), "volume_id");
    if (!request.hasCapacityRange()) {
      throw Invalid.argument("capacity_range is required");
    }
    CapacityRange range = request.getCapacityRange();
    Sizes.checkNonNegative(range);
    if (range.getRequiredBytes() == 0 && range.getLimitBytes() == 0) {
      throw Invalid.argument("capacity_range needs required_bytes or limit_bytes");
    }
    boolean block =
        request.hasVolumeCapability()
            && CapabilityRules.read(request.getVolumeCapability(), "volume_capability").accessType() == AccessType.BLOCK;

    try (InFlight.Claim _ = inFlight.claim(new OperationKey.Volume(volumeId))) {
      Volume volume =
          cloud.findVolume(volumeId)
              .orElseThrow(() -> Rpc.fail(Status.Code.NOT_FOUND, "volume %s does not exist", volumeId));
      long sizeGiB = targetSize(volume, range);
      if (sizeGiB > volume.getSizeGib()) {
        grow(volume, sizeGiB);
      }
      return ControllerExpandVolumeResponse.newBuilder()
          .setCapacityBytes(Sizes.bytes(Math.max(sizeGiB, volume.getSizeGib())))
          .setNodeExpansionRequired(!block)
          .build();
    }
  }

  private static long targetSize(Volume volume, CapacityRange range) {
    long current = volume.getSizeGib();
    long limit = range.getLimitBytes();
    if (limit > 0 && Sizes.bytes(current) > limit) {
      throw Rpc.fail(
          Status.Code.OUT_OF_RANGE,
          "volume %s is %d GiB, more than capacity_range.limit_bytes %d; volumes cannot shrink",
          volume.getVolumeId(), current, limit);
    }
    long wanted = Sizes.gibRoundedUp(range.getRequiredBytes());
    if (limit > 0 && Sizes.bytes(wanted) > limit) {
      throw Rpc.fail(
          Status.Code.OUT_OF_RANGE,
          "capacity_range.required_bytes rounds up to %d GiB, more than capacity_range.limit_bytes %d",
          wanted, limit);
    }
    VolumeTypeRules type = VolumeTypeRules.of(volume.getType());
    if (wanted > type.sizeGiB().max()) {
      throw Rpc.fail(
          Status.Code.OUT_OF_RANGE,
          "%d GiB exceeds the largest %s volume, %d GiB", wanted, type.typeName(), type.sizeGiB().max());
    }
    return wanted;
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
