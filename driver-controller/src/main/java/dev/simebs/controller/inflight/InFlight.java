package dev.simebs.controller.inflight;

import dev.simebs.controller.errors.ControllerRefusal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one operation per object at a time: a second call for an object that is already being
 * worked on is ABORTED at once (the CSI answer for "operation pending"), while calls for other
 * objects run in parallel. Nothing is held across restarts; the backend's idempotency covers those.
 */
public final class InFlight {

  private final Set<OperationKey> running = ConcurrentHashMap.newKeySet();

  /** Claims {@code key} for the caller until the returned claim is closed. */
  public Claim claim(OperationKey key) {
    if (!running.add(key)) {
      throw ControllerRefusal.busy("an operation on %s is already in progress", key);
    }
    return new Claim(key);
  }

  /** True while an operation holds {@code key}. */
  public boolean isClaimed(OperationKey key) {
    return running.contains(key);
  }

  /** A held key; closing it lets the next operation on the object in. */
  public final class Claim implements AutoCloseable {
    private final OperationKey key;
    private boolean closed;

    private Claim(OperationKey key) {
      this.key = key;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        running.remove(key);
      }
    }
  }
}
