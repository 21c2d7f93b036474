package dev.simebs.efs.node.publish;

import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.efs.node.NodeRefusal;
import dev.simebs.efs.node.sys.EfsSyscalls;
import dev.simebs.efs.node.sys.Errno;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the directory a volume shows: the file system's tree, then the root path the backend
 * answered for the mount (an access point's root, or "/"), then the handle's sub path. Every
 * step is opened relative to the previous directory with O_NOFOLLOW, so a link planted in the
 * tree by any client can never lead the node outside the file system.
 */
public final class ServedDirectories {

  private final EfsSyscalls calls;

  public ServedDirectories(EfsSyscalls calls) {
    this.calls = calls;
  }

  /**
   * An O_PATH descriptor of the served directory; the caller owns it. A path that names no
   * directory is {@link NodeRefusal.NotFound}.
   *
   * @param fileSystemRoot the file system's tree (trusted: the backend's data directory)
   * @param rootPath the mount's root path, as the backend answered it
   */
  public int open(Path fileSystemRoot, String rootPath, VolumeHandle handle) throws Errno {
    List<String> names = new ArrayList<>();
    Arrays.stream(rootPath.split("/")).filter(n -> !n.isEmpty()).forEach(names::add);
    names.addAll(handle.subPath());
    int fd = calls.open(fileSystemRoot.toString(), EfsSyscalls.O_PATH | EfsSyscalls.O_DIRECTORY);
    try {
      for (String name : names) {
        int next;
        try {
          next = calls.openAt(fd, name,
              EfsSyscalls.O_PATH | EfsSyscalls.O_DIRECTORY | EfsSyscalls.O_NOFOLLOW, 0);
        } catch (Errno e) {
          if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
            throw new NodeRefusal.NotFound("volume %s: %s has no directory %s (%s)".formatted(handle,
                handle.fileSystemId(), "/" + String.join("/", names), describe(e.errno())));
          }
          throw e;
        }
        calls.close(fd);
        fd = next;
      }
      int served = fd;
      fd = -1;
      return served;
    } finally {
      if (fd >= 0) {
        calls.close(fd);
      }
    }
  }

  private static String describe(int errno) {
    return switch (errno) {
      case Errno.ENOENT -> "it does not exist";
      default -> "a step of it is not a directory, and symbolic links are not followed";
    };
  }
}
