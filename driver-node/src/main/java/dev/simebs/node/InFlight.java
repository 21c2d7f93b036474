package dev.simebs.node;

import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One operation per volume at a time: a second concurrent call for the same volume is ABORTED at
 * once (the CO retries), rather than queued behind a lock that a slow mkfs would hold.
 */
final class InFlight {

  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  <T> T run(String volumeId, Callable<T> operation) throws Exception {
    if (!busy.add(volumeId)) {
      throw Rpc.fail(
          Status.Code.ABORTED, "an operation on volume %s is already in progress", volumeId);
    }
    try {
      return operation.call();
    } finally {
      busy.remove(volumeId);
    }
  }
}
