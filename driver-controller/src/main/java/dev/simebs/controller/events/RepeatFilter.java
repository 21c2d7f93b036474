package dev.simebs.controller.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets the first of a run of equal events through and holds back repeats for a while, so a
 * volume polled every second while it is stuck makes one event a window, not one a second.
 */
final class RepeatFilter {

  private record Key(String volumeId, String reason) {}

  private final Clock clock;
  private final Duration window;
  private final Map<Key, Instant> lastPassed = new ConcurrentHashMap<>();

  RepeatFilter(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  /** True when no event of this volume and reason passed within the window. */
  boolean passes(VolumeEvent event) {
    Instant now = clock.instant();
    boolean[] passed = {false};
    lastPassed.compute(new Key(event.volumeId(), event.reason()), (key, last) -> {
      if (last == null || !now.isBefore(last.plus(window))) {
        passed[0] = true;
        return now;
      }
      return last;
    });
    if (lastPassed.size() > 10_000) {
      lastPassed.values().removeIf(last -> !now.isBefore(last.plus(window)));
    }
    return passed[0];
  }
}
