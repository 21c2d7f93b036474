package dev.simebs.node;

import dev.simebs.node.failure.NodeFailure;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One operation per volume at a time: a second concurrent call for the same volume is refused at
 * once (ABORTED; the CO retries), rather than queued behind a lock that a slow mkfs would hold.
 */
final class InFlight {

  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  <T> T run(String volumeId, Callable<T> operation) throws Exception {
    if (!busy.add(volumeId)) {
      throw new NodeFailure.Busy(volumeId);
    }
    try {
      return operation.call();
    } finally {
      busy.remove(volumeId);
    }
  }
}
