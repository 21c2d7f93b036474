package dev.simebs.common.inflight;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * At most one operation per object at a time: a second call for an object that is already being
 * worked on is refused at once (each service answers ABORTED, the CSI answer for "operation
 * pending"), while calls for other objects run in parallel. Nothing is held across restarts; the
 * backend's idempotency covers those. Each service keys it by its own kinds of objects and says
 * how it refuses.
 *
 * @param <K> what tells objects apart; its {@code toString} names the object in the refusal
 */
public class InFlightGuard<K> {

  private final Set<K> running = ConcurrentHashMap.newKeySet();
  private final Function<K, RuntimeException> busy;

  /** @param busy the refusal of a second operation on a claimed object */
  public InFlightGuard(Function<K, RuntimeException> busy) {
    this.busy = busy;
  }

  /** Claims {@code key} for the caller until the returned claim is closed. */
  public Claim claim(K key) {
    if (!running.add(key)) {
      throw busy.apply(key);
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
