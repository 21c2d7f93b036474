package dev.simebs.common.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Blocks the main thread until SIGTERM or SIGINT arrives, then closes what is running on that
 * thread, so in-flight calls finish (bounded by the server's grace period) and the process exits
 * with status 0 like any orderly stop.
 */
public final class ShutdownSignal {

  private ShutdownSignal() {}

  public static void awaitThenClose(AutoCloseable running) throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    try (running) {
      stop.await();
    }
  }
}
