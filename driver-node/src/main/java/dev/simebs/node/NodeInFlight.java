package dev.simebs.node;

import dev.simebs.common.inflight.InFlightGuard;
import dev.simebs.node.failure.NodeFailure;
import java.util.concurrent.Callable;

/**
 * One operation per volume at a time: a second concurrent call for the same volume is refused at
 * once (ABORTED; the CO retries), rather than queued behind a lock that a slow mkfs would hold.
 */
final class NodeInFlight extends InFlightGuard<String> {

  NodeInFlight() {
    super(NodeFailure.Busy::new);
  }

  <T> T run(String volumeId, Callable<T> operation) throws Exception {
    try (Claim claim = claim(volumeId)) {
      return operation.call();
    }
  }
}
