package dev.simebs.node.volume;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.Volume;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the backend whether it reports a volume impaired. A backend that does not answer is no
 * verdict.
 */
public final class CloudVolumeHealth implements VolumeHealth {

  private static final Logger log = LoggerFactory.getLogger(CloudVolumeHealth.class);
  private static final long DEADLINE_SECONDS = 2;

  private final BackendGrpc.BackendBlockingStub backend;

  public CloudVolumeHealth(BackendGrpc.BackendBlockingStub backend) {
    this.backend = backend;
  }

  @Override
  public Optional<String> impairment(String volumeId) {
    try {
      return backend
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(volumeId).build())
          .getVolumesList()
          .stream()
          .filter(Volume::getImpaired)
          .map(v -> v.getImpairedReason().isEmpty() ? "impaired" : v.getImpairedReason())
          .findFirst();
    } catch (StatusRuntimeException e) {
      log.debug("cannot ask the backend about {}: {}", volumeId, e.getStatus());
      return Optional.empty();
    }
  }
}
