package dev.simebs.node.volume;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the backend what it knows of a volume: impaired (with its reason), in error, or gone. A
 * backend that does not answer is no verdict.
 */
public final class CloudVolumeHealth implements VolumeHealth {

  private static final Logger log = LoggerFactory.getLogger(CloudVolumeHealth.class);
  private static final long DEADLINE_SECONDS = 2;

  private final BackendGrpc.BackendBlockingStub backend;

  public CloudVolumeHealth(BackendGrpc.BackendBlockingStub backend) {
    this.backend = backend;
  }

  @Override
  public Optional<String> problemWith(String volumeId) {
    List<Volume> found;
    try {
      found =
          backend
              .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(volumeId).build())
              .getVolumesList();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return Optional.of(gone(volumeId));
      }
      log.debug("cannot ask the backend about {}: {}", volumeId, e.getStatus());
      return Optional.empty();
    }
    if (found.isEmpty()) {
      return Optional.of(gone(volumeId));
    }
    Volume volume = found.getFirst();
    if (volume.getState() == VolumeState.ERROR) {
      return Optional.of("the cloud reports the volume in error state; its data may be lost");
    }
    if (volume.getImpaired()) {
      return Optional.of(
          "the cloud reports the volume impaired: "
              + (volume.getImpairedReason().isEmpty() ? "impaired" : volume.getImpairedReason()));
    }
    return Optional.empty();
  }

  private static String gone(String volumeId) {
    return "the cloud no longer knows volume " + volumeId + "; it was deleted while in use";
  }
}
