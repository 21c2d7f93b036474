package dev.simebs.node.metrics;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.Volume;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the backend what a volume is provisioned for, and remembers the answer for a while, so a
 * sampler looking every second asks the cloud once a minute per volume (a modification shows up
 * within that minute).
 */
public final class CloudPerformance implements ProvisionedPerformance {

  private static final Logger log = LoggerFactory.getLogger(CloudPerformance.class);
  private static final long MIB = 1024 * 1024;

  private record Remembered(Optional<Limits> limits, long atNanos) {}

  private final BackendGrpc.BackendBlockingStub backend;
  private final Duration keepFor;
  private final LongSupplier nanoTime;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  public CloudPerformance(BackendGrpc.BackendBlockingStub backend, Duration keepFor, LongSupplier nanoTime) {
    this.backend = backend;
    this.keepFor = keepFor;
    this.nanoTime = nanoTime;
  }

  @Override
  public Optional<Limits> of(String volumeId) {
    long now = nanoTime.getAsLong();
    Remembered known = remembered.get(volumeId);
    if (known != null && now - known.atNanos() < keepFor.toNanos()) {
      return known.limits();
    }
    Optional<Limits> limits = ask(volumeId);
    remembered.put(volumeId, new Remembered(limits, now));
    return limits;
  }

  @Override
  public void forgetAllBut(Set<String> current) {
    remembered.keySet().retainAll(current);
  }

  private Optional<Limits> ask(String volumeId) {
    try {
      return backend
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(volumeId).build())
          .getVolumesList()
          .stream()
          .filter(v -> v.getVolumeId().equals(volumeId))
          .findFirst()
          .map(CloudPerformance::limits);
    } catch (StatusRuntimeException e) {
      log.debug("cannot ask the backend about {}: {}", volumeId, e.getStatus());
      return Optional.empty();
    }
  }

  private static Limits limits(Volume volume) {
    return new Limits(volume.getIops(), volume.getThroughputMibps() * MIB);
  }
}
