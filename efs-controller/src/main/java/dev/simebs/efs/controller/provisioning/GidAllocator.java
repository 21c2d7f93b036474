package dev.simebs.efs.controller.provisioning;

import dev.simebs.common.errors.ControllerRefusal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Gives each new access point of a file system a gid no other access point of it has, from the
 * StorageClass's range, as the upstream driver does. Choosing and creating must be one step per
 * file system, or two creates would see the same free gid: so a per-file-system lock is held
 * across the listing and the create (backend calls of a few milliseconds). Other file systems,
 * and every other RPC, are never held up by it.
 */
public final class GidAllocator {

  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Runs {@code work} alone among the allocations for {@code fileSystemId}. */
  public <T> T exclusively(String fileSystemId, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(fileSystemId, id -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /** The lowest gid of [start, end] not in {@code used}. */
  public static long lowestFree(Set<Long> used, long start, long end) {
    for (long gid = start; gid <= end; gid++) {
      if (!used.contains(gid)) {
        return gid;
      }
    }
    throw ControllerRefusal.noRoom("every gid of %d-%d is taken by an access point of this file system"
        .formatted(start, end));
  }
}
