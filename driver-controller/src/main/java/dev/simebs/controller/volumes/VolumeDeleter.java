package dev.simebs.controller.volumes;

import csi.v1.DeleteVolumeRequest;
import csi.v1.DeleteVolumeResponse;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.requests.Required;

/** DeleteVolume: idempotent, so a volume that does not exist (or cannot) is already deleted. */
public final class VolumeDeleter {

  private final Cloud cloud;
  private final ControllerInFlight inFlight;

  public VolumeDeleter(Cloud cloud, ControllerInFlight inFlight) {
    this.cloud = cloud;
    this.inFlight = inFlight;
  }

  public DeleteVolumeResponse delete(DeleteVolumeRequest request) {
    String volumeId = Required.text(request.getVolumeId(), "volume_id");
    if (ResourceIds.VOLUME.isValid(volumeId)) {
      try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Volume(volumeId))) {
        cloud.deleteVolume(volumeId); // an attached volume is VOLUME_IN_USE: FAILED_PRECONDITION
      }
    }
    return DeleteVolumeResponse.getDefaultInstance();
  }
}
