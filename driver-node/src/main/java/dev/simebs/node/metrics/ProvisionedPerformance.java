package dev.simebs.node.metrics;

import java.util.Optional;
import java.util.Set;

/** A volume's simulated performance limits, from its type, size and provisioned values. */
@FunctionalInterface
public interface ProvisionedPerformance {

  /** IOPS and bytes per second the volume is provisioned for. */
  record Limits(int iops, long bytesPerSecond) {}

  /** The volume's limits; empty when nobody can tell (no backend, or it does not answer). */
  Optional<Limits> of(String volumeId);

  /** Drops whatever is remembered about volumes other than {@code current}. */
  default void forgetAllBut(Set<String> current) {}

  static ProvisionedPerformance unknown() {
    return volumeId -> Optional.empty();
  }
}
