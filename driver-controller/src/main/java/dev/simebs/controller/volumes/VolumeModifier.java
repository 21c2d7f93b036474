package dev.simebs.controller.volumes;

import csi.v1.ControllerModifyVolumeRequest;
import csi.v1.ControllerModifyVolumeResponse;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.parameters.MutableParameters;
import dev.simebs.controller.parameters.VolumeTypeRules;
import dev.simebs.controller.requests.ExistingIds;
import dev.simebs.controller.requests.Required;
import java.util.Optional;

/**
 * ControllerModifyVolume (VolumeAttributesClass): changes type, IOPS and throughput through the
 * backend's ModifyVolume and adds tags. Only the keys given change; a volume that already has
 * the asked-for values is left alone, which makes repeats cheap and idempotent, and no keys at
 * all (a class without parameters) change nothing. IOPS beyond what the volume's size may carry
 * are refused as EBS refuses them (the size is the PVC's to change, through expansion), so the
 * resizer marks the class infeasible instead of the volume silently growing.
 */
public final class VolumeModifier {

  private final Cloud cloud;
  private final Modifications modifications;
  private final ControllerInFlight inFlight;

  public VolumeModifier(Cloud cloud, Modifications modifications, ControllerInFlight inFlight) {
    this.cloud = cloud;
    this.modifications = modifications;
    this.inFlight = inFlight;
  }

  public ControllerModifyVolumeResponse modify(ControllerModifyVolumeRequest request) {
    String volumeId = Required.text(request.getVolumeId(), "volume_id");
    MutableParameters wanted = MutableParameters.parse(request.getMutableParametersMap(), "mutable_parameters");

    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Volume(ExistingIds.volume(volumeId)))) {
      Volume volume =
          cloud.findVolume(volumeId).orElseThrow(() -> ControllerRefusal.missing("volume %s does not exist", volumeId));
      if (wanted.isEmpty()) {
        return ControllerModifyVolumeResponse.getDefaultInstance();
      }
      VolumeTypeRules targetType = wanted.type().orElse(VolumeTypeRules.of(volume.getType()));
      wanted.checkAgainst(targetType);
      changes(volume, wanted, targetType).ifPresent(this::applyOrJoin);
      cloud.createTags(volumeId, wanted.tags());
      return ControllerModifyVolumeResponse.getDefaultInstance();
    }
  }

  /** The backend modification that brings {@code volume} to {@code wanted}, if it differs. */
  private static Optional<ModifyVolumeRequest> changes(
      Volume volume, MutableParameters wanted, VolumeTypeRules targetType) {
    ModifyVolumeRequest.Builder request = ModifyVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId());
    boolean differs = false;
    if (targetType.backendType() != volume.getType()) {
      request.setType(targetType.backendType());
      differs = true;
    }
    if (wanted.iops().isPresent() && wanted.iops().getAsInt() != volume.getIops()) {
      request.setIops(wanted.iops().getAsInt());
      differs = true;
    }
    if (wanted.throughput().isPresent() && wanted.throughput().getAsInt() != volume.getThroughputMibps()) {
      request.setThroughputMibps(wanted.throughput().getAsInt());
      differs = true;
    }
    return differs ? Optional.of(request.build()) : Optional.empty();
  }

  private void applyOrJoin(ModifyVolumeRequest request) {
    Optional<VolumeModification> running = modifications.running(request.getVolumeId());
    if (running.isPresent() && sameTargets(running.get(), request)) {
      modifications.awaitApplied(running.get());
    } else {
      modifications.apply(request);
    }
  }

  private static boolean sameTargets(VolumeModification running, ModifyVolumeRequest request) {
    return (!request.hasType() || running.getTargetType() == request.getType())
        && (!request.hasIops() || running.getTargetIops() == request.getIops())
        && (!request.hasThroughputMibps() || running.getTargetThroughputMibps() == request.getThroughputMibps())
        && (!request.hasSizeGib() || running.getTargetSizeGib() >= request.getSizeGib());
  }
}
