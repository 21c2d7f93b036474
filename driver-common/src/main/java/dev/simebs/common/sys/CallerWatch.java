package dev.simebs.common.sys;

/**
 * Tells a waiting operation when the caller it works for has gone: its call was cancelled or ran
 * past its deadline. The work may go on; only the wait ends.
 */
@FunctionalInterface
public interface CallerWatch {

  /** Stops watching. */
  interface Watching extends AutoCloseable {
    @Override
    void close();
  }

  /** Runs {@code onGone} once the current caller has gone; closing the result stops watching. */
  Watching whenGone(Runnable onGone);

  /** A caller that never goes (start-up work, tests). */
  static CallerWatch never() {
    return onGone -> () -> {};
  }
}
