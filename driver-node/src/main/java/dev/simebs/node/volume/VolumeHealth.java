package dev.simebs.node.volume;

import java.util.Optional;

/** What the cloud says about a volume's health: a reason when it is impaired. */
@FunctionalInterface
public interface VolumeHealth {

  Optional<String> impairment(String volumeId);

  /** For a node without a backend: the cloud never reports a problem. */
  static VolumeHealth unknown() {
    return volumeId -> Optional.empty();
  }
}
