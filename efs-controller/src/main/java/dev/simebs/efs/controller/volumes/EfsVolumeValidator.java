package dev.simebs.efs.controller.volumes;

import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import csi.v1.VolumeCapability;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.efs.controller.cloud.FileSystemCloud;
import java.util.Optional;

/**
 * ValidateVolumeCapabilities: the volume's file system (and access point) must exist; every
 * capability that is a mount is confirmed. A malformed ID cannot name a volume: NOT_FOUND.
 */
public final class EfsVolumeValidator {

  private final FileSystemCloud cloud;

  public EfsVolumeValidator(FileSystemCloud cloud) {
    this.cloud = cloud;
  }

  public ValidateVolumeCapabilitiesResponse validate(ValidateVolumeCapabilitiesRequest request) {
    if (request.getVolumeId().isEmpty()) {
      throw new InvalidRequest("volume_id is required");
    }
    if (request.getVolumeCapabilitiesCount() == 0) {
      throw new InvalidRequest("volume_capabilities is required");
    }
    VolumeHandle handle = existing(request.getVolumeId());
    for (VolumeCapability capability : request.getVolumeCapabilitiesList()) {
      Optional<String> problem = MountCapabilities.problem(capability);
      if (problem.isPresent()) {
        return ValidateVolumeCapabilitiesResponse.newBuilder().setMessage(problem.get()).build();
      }
    }
    return ValidateVolumeCapabilitiesResponse.newBuilder()
        .setConfirmed(ValidateVolumeCapabilitiesResponse.Confirmed.newBuilder()
            .addAllVolumeCapabilities(request.getVolumeCapabilitiesList())
            .putAllVolumeContext(request.getVolumeContextMap())
            .putAllParameters(request.getParametersMap())
            .putAllMutableParams(request.getMutableParamsMap()))
        .build();
  }

  private VolumeHandle existing(String volumeId) {
    VolumeHandle handle;
    try {
      handle = VolumeHandle.parse(volumeId);
    } catch (VolumeHandle.MalformedHandleException e) {
      throw ControllerRefusal.missing("%s", e.getMessage());
    }
    if (cloud.findFileSystem(handle.fileSystemId()).isEmpty()) {
      throw ControllerRefusal.missing("%s", "file system %s does not exist".formatted(handle.fileSystemId()));
    }
    if (handle.accessPointId().isPresent()) {
      String ap = handle.accessPointId().get();
      boolean found = cloud.findAccessPoint(ap)
          .map(AccessPoint::getFileSystemId)
          .filter(handle.fileSystemId()::equals)
          .isPresent();
      if (!found) {
        throw ControllerRefusal.missing("%s", "access point %s of %s does not exist"
            .formatted(ap, handle.fileSystemId()));
      }
    }
    return handle;
  }
}
