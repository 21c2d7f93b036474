package dev.simebs.common.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when someone sleeps; it records every sleep. */
public final class FakeTime implements TimeSource {

  private long nanos;
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    nanos += duration.toNanos();
  }

  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** A caller deadline that ends {@code budget} after now on this clock. */
  public CallerDeadline deadlineIn(Duration budget) {
    long end = nanoTime() + budget.toNanos();
    return () -> java.util.Optional.of(Duration.ofNanos(end - nanoTime()));
  }
}
