package dev.simebs.efs.controller.provisioning;

import csi.v1.DeleteVolumeRequest;
import csi.v1.DeleteVolumeResponse;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.efs.controller.cloud.FileSystemCloud;
import java.util.Optional;

/**
 * DeleteVolume: removes the access point of a dynamically provisioned volume (and, with the
 * delete-root-dir option, its root directory first, so no directory outlives its access point
 * unnoticed). Idempotent: a volume that does not exist, or cannot (a malformed ID), is already
 * deleted; a static volume (no access point in its handle, or one this driver did not make) is
 * never the controller's to delete.
 */
public final class AccessPointDeleter {

  private final FileSystemCloud cloud;
  private final ControllerInFlight inFlight;
  private final Optional<RootDirectoryRemover> rootRemover;

  public AccessPointDeleter(FileSystemCloud cloud, ControllerInFlight inFlight,
      Optional<RootDirectoryRemover> rootRemover) {
    this.cloud = cloud;
    this.inFlight = inFlight;
    this.rootRemover = rootRemover;
  }

  public DeleteVolumeResponse delete(DeleteVolumeRequest request) {
    String volumeId = request.getVolumeId();
    if (volumeId.isEmpty()) {
      throw new InvalidRequest("volume_id is required");
    }
    Optional<VolumeHandle> handle = parse(volumeId);
    if (handle.isEmpty() || handle.get().accessPointId().isEmpty()) {
      return DeleteVolumeResponse.getDefaultInstance();
    }
    String accessPointId = handle.get().accessPointId().get();
    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Volume(volumeId))) {
      Optional<AccessPoint> ap = cloud.findAccessPoint(accessPointId)
          .filter(found -> found.getFileSystemId().equals(handle.get().fileSystemId()))
          .filter(AccessPointDeleter::madeByThisDriver);
      if (ap.isPresent()) {
        rootRemover.ifPresent(remover -> remover.removeRootOf(ap.get()));
        cloud.deleteAccessPoint(accessPointId);
      }
    }
    return DeleteVolumeResponse.getDefaultInstance();
  }

  /** An access point someone made by hand and named in a static volume is theirs to keep. */
  private static boolean madeByThisDriver(AccessPoint ap) {
    return AccessPointTags.valueOf(ap.getTagsList(), AccessPointTags.VOLUME_NAME).isPresent();
  }

  private static Optional<VolumeHandle> parse(String volumeId) {
    try {
      return Optional.of(VolumeHandle.parse(volumeId));
    } catch (VolumeHandle.MalformedHandleException e) {
      return Optional.empty();
    }
  }
}
