package dev.simebs.controller.metrics;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.controller.backend.CloudExchange;
import dev.simebs.controller.backend.CloudSubjects;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts the seconds between a DetachVolume and the first answer that shows the attachment gone,
 * from what the cloud answers: each later look that still finds the attachment adds the time since
 * the previous look, labelled with the state it was in. A stuck detach is seen as a counter that
 * keeps growing for one volume and node.
 */
final class DetachWaits {

  private record Key(String volumeId, String nodeId) {}

  private final Counter seconds;
  private final LongSupplier nanoTime;
  /** Detaches asked for and not yet seen finished, with the time of the last look. */
  private final Map<Key, Long> lastLook = new ConcurrentHashMap<>();

  DetachWaits(Counter seconds, LongSupplier nanoTime) {
    this.seconds = seconds;
    this.nanoTime = nanoTime;
  }

  void heard(CloudExchange exchange) {
    if (exchange.answer().isEmpty()) {
      return;
    }
    long now = nanoTime.getAsLong();
    switch (exchange.sent()) {
      case DetachVolumeRequest r -> lastLook.putIfAbsent(new Key(r.getVolumeId(), r.getNodeId()), now);
      case AttachVolumeRequest r -> lastLook.remove(new Key(r.getVolumeId(), r.getNodeId()));
      default -> {}
    }
    if (lastLook.isEmpty()) {
      return;
    }
    Set<String> covered = new HashSet<>();
    CloudSubjects.volumeOf(exchange.sent()).ifPresent(covered::add);
    CloudSubjects.volumesIn(exchange.answer().get()).stream().map(Volume::getVolumeId).forEach(covered::add);
    for (Key key : lastLook.keySet()) {
      if (covered.contains(key.volumeId())) {
        look(key, attachment(exchange, key), now);
      }
    }
  }

  private void look(Key key, Optional<Attachment> seen, long now) {
    if (seen.isEmpty()) {
      lastLook.remove(key);
      return;
    }
    Long previous = lastLook.put(key, now);
    if (previous != null && now > previous) {
      String state = seen.get().getState().name().toLowerCase(Locale.ROOT);
      seconds.labelValues(key.volumeId(), key.nodeId(), state).inc((now - previous) / 1e9);
    }
  }

  /** The key's attachment in the answer, unless it is gone or detached. */
  private static Optional<Attachment> attachment(CloudExchange exchange, Key key) {
    return CloudSubjects.attachmentsIn(exchange.answer().get()).stream()
        .filter(a -> a.getVolumeId().equals(key.volumeId()) && a.getNodeId().equals(key.nodeId()))
        .filter(a -> a.getState() != AttachmentState.DETACHED)
        .findFirst();
  }
}
