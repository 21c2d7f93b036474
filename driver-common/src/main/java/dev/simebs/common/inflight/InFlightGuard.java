package dev.simebs.common.inflight;

import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one operation per object at a time: a second call for an object that is already being
 * worked on is ABORTED at once (the CSI answer for "operation pending"), while calls for other
 * objects run in parallel. Nothing is held across restarts; the backend's idempotency covers those.
 * Each controller keys it by its own kinds of objects.
 *
 * @param <K> what tells objects apart; its {@code toString} names the object in the answer
 */
public class InFlightGuard<K> {

  private final Set<K> running = ConcurrentHashMap.newKeySet();

  /** Claims {@code key} for the caller until the returned claim is closed. */
  public Claim claim(K key) {
    if (!running.add(key)) {
      throw Rpc.fail(Status.Code.ABORTED, "an operation on %s is already in progress", key);
    }
    return new Claim(() -> running.remove(key));
  }

  /** True while an operation holds {@code key}. */
  public boolean isClaimed(K key) {
    return running.contains(key);
  }

  /** A held key; closing it (once) lets the next operation on the object in. */
  public static final class Claim implements AutoCloseable {
    private final Runnable release;
    private boolean closed;

    private Claim(Runnable release) {
      this.release = release;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release.run();
      }
    }
  }
}
