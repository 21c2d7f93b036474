package dev.simebs.common.backend;

import java.time.Duration;

/** Monotonic time and waiting, so retry and polling logic can run on a fake clock in tests. */
public interface TimeSource {

  long nanoTime();

  void sleep(Duration duration) throws InterruptedException;

  /** The JVM's monotonic clock; sleeping parks the (virtual) thread. */
  static TimeSource system() {
    return new TimeSource() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
      }
    };
  }
}
