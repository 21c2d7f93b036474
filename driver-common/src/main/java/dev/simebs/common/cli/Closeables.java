package dev.simebs.common.cli;

import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops what a command started, newest first, so each part outlives what depends on it. */
public final class Closeables {

  private static final Logger log = LoggerFactory.getLogger(Closeables.class);

  private Closeables() {}

  /** Pops and closes every entry; a failure to close one is logged and the rest still close. */
  public static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        log.warn("error while stopping: {}", e.toString());
      }
    }
  }
}
