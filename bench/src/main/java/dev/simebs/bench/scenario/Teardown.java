package dev.simebs.bench.scenario;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The undo steps of what a unit has set up so far, run newest first. A unit unwinds it on the
 * normal path (those calls are measured like any other); when the unit fails part-way, closing
 * it undoes the rest best-effort, so a failed run leaves nothing attached or mounted.
 */
final class Teardown implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  private final Deque<Step> steps = new ArrayDeque<>();

  void push(Step undo) {
    steps.push(undo);
  }

  /** Runs every undo step; the first failure stops it and propagates (close runs the rest). */
  void unwind() throws Exception {
    while (!steps.isEmpty()) {
      steps.pop().run();
    }
  }

  /** Keeps what was set up: a later phase owns it now (and undoes it). */
  void keep() {
    steps.clear();
  }

  @Override
  public void close() {
    while (!steps.isEmpty()) {
      try {
        steps.pop().run();
      } catch (Exception e) {
        LOG.debug("best-effort undo failed: {}", e.toString());
      }
    }
  }
}
