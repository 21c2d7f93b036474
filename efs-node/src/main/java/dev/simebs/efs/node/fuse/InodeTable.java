package dev.simebs.efs.node.fuse;

import dev.simebs.efs.node.sys.EfsSyscalls;
import dev.simebs.efs.node.sys.Errno;
import java.util.HashMap;
import java.util.Map;

/**
 * The node IDs this server has handed to the kernel. Each stands for one object of the served
 * tree, held by an O_PATH descriptor that was opened relative to its parent's descriptor without
 * following links: every operation starts from such a descriptor, so nothing outside the served
 * directory can ever be reached. The kernel counts lookups and gives them back with FORGET; an
 * object is let go when its count reaches zero. The root is never let go.
 */
final class InodeTable {

  /** An object of the served tree and the descriptor that holds it. */
  record Inode(long nodeId, int fd, long device, long number) {}

  private record Key(long device, long number) {}

  private final EfsSyscalls calls;
  private final Map<Long, Inode> byId = new HashMap<>();
  private final Map<Key, Inode> byKey = new HashMap<>();
  private final Map<Long, Long> lookups = new HashMap<>();
  private long nextId = FuseProtocol.ROOT_ID + 1;

  InodeTable(EfsSyscalls calls, int rootFd, long rootDevice, long rootNumber) {
    this.calls = calls;
    Inode root = new Inode(FuseProtocol.ROOT_ID, rootFd, rootDevice, rootNumber);
    byId.put(root.nodeId(), root);
    byKey.put(new Key(rootDevice, rootNumber), root);
  }

  synchronized Inode get(long nodeId) throws Errno {
    Inode inode = byId.get(nodeId);
    if (inode == null) {
      throw new Errno("lookup of node", Long.toString(nodeId), Errno.ENOENT);
    }
    return inode;
  }

  /**
   * Counts one lookup of the object held by {@code fd}: the node it already has (and {@code fd}
   * is closed), or a new node that keeps {@code fd}.
   */
  synchronized Inode remember(int fd, long device, long number) {
    Key key = new Key(device, number);
    Inode inode = byKey.get(key);
    if (inode != null) {
      calls.close(fd);
    } else {
      inode = new Inode(nextId++, fd, device, number);
      byId.put(inode.nodeId(), inode);
      byKey.put(key, inode);
    }
    if (inode.nodeId() != FuseProtocol.ROOT_ID) {
      lookups.merge(inode.nodeId(), 1L, Long::sum);
    }
    return inode;
  }

  /** The kernel dropped {@code count} lookups of a node. */
  synchronized void forget(long nodeId, long count) {
    Long left = lookups.computeIfPresent(nodeId, (id, n) -> n - count);
    if (left != null && left <= 0) {
      lookups.remove(nodeId);
      Inode inode = byId.remove(nodeId);
      byKey.remove(new Key(inode.device(), inode.number()));
      calls.close(inode.fd());
    }
  }

  /** Closes every descriptor, the root's included; the session is over. */
  synchronized void closeAll() {
    byId.values().forEach(inode -> calls.close(inode.fd()));
    byId.clear();
    byKey.clear();
    lookups.clear();
  }
}
