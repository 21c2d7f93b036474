package dev.simebs.node.volume;

import java.util.Optional;

/** What the cloud says about a volume's health: a message when something is wrong with it. */
@FunctionalInterface
public interface VolumeHealth {

  Optional<String> problemWith(String volumeId);

  /** For a node without a backend: the cloud never reports a problem. */
  static VolumeHealth unknown() {
    return volumeId -> Optional.empty();
  }
}
