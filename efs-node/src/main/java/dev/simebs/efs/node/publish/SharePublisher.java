package dev.simebs.efs.node.publish;

import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.MountTable;
import dev.simebs.common.sys.PathHandle;
import dev.simebs.efs.node.EfsNodeConfig;
import dev.simebs.efs.node.NodeRefusal;
import dev.simebs.efs.node.fuse.FuseSession;
import dev.simebs.efs.node.sys.EfsSyscalls;
import dev.simebs.efs.node.sys.Errno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodePublish and NodeUnpublish of shared file systems. A volume through an access point with a
 * POSIX user is served by a FUSE session that acts as that user (so ownership and permissions
 * are the access point's, whoever the pod runs as); any other volume is a bind mount of its
 * directory, where the kernel checks the pod's own identity, as NFS without an access point
 * does. Either way the target shows only the volume's directory, read-only when asked, on any
 * number of nodes at once.
 */
public final class SharePublisher {

  private static final Logger log = LoggerFactory.getLogger(SharePublisher.class);

  /**
   * A target this process serves.
   *
   * @param walkRoot where its tree can be measured from (the served directory)
   */
  public record Published(VolumeHandle handle, boolean readOnly, Optional<FuseSession> session,
      Path walkRoot) {}

  private final EfsNodeConfig config;
  private final EfsSyscalls calls;
  private final LinuxSystem system;
  private final MountTable mounts;
  private final FileSystemMounts backend;
  private final ServedDirectories directories;
  private final Map<Path, Published> published = new ConcurrentHashMap<>();

  public SharePublisher(EfsNodeConfig config, EfsSyscalls calls, LinuxSystem system,
      MountTable mounts, FileSystemMounts backend) {
    this.config = config;
    this.calls = calls;
    this.system = system;
    this.mounts = mounts;
    this.backend = backend;
    this.directories = new ServedDirectories(calls);
  }

  public void publish(VolumeHandle handle, Path target, boolean readOnly) throws IOException {
    Optional<Mount> existing = mounts.at(target);
    if (existing.isPresent()) {
      requireSame(existing.get(), handle, target, readOnly);
      return;
    }
    FileSystemMounts.Answer answer = backend.mount(handle);
    int served = directories.open(config.fileSystemRoot(handle.fileSystemId()),
        answer.rootPath(), handle);
    Files.createDirectories(target);
    published.put(target, answer.identity().isPresent()
        ? serve(handle, served, target, answer.identity().get(), readOnly)
        : bind(handle, served, target, readOnly));
    log.info("published {} at {}{}{}", handle, target,
        answer.identity().map(id -> " as " + id.uid() + ":" + id.gid()).orElse(""),
        readOnly ? " (read-only)" : "");
  }

  /** Unmounts what is mounted at {@code target} and removes the directory; idempotent. */
  public void unpublish(Path target) throws IOException {
    while (mounts.at(target).isPresent()) {
      unmount(target);
    }
    // Its FUSE session, if any, ends on its own once the kernel drops the connection; waiting for
    // that here could hang on a copy of the mount held in another mount namespace.
    published.remove(target);
    try {
      Files.deleteIfExists(target);
    } catch (DirectoryNotEmptyException e) {
      log.warn("{} is not mounted but holds files; leaving it in place", target);
    }
  }

  /** What this process serves at {@code target}, if anything. */
  public Optional<Published> at(Path target) {
    return Optional.ofNullable(published.get(target));
  }

  /**
   * Serves again the FUSE mounts a previous run of the node left behind (dead since their server
   * went with it): each is detached and mounted afresh at the same target, with the same access,
   * from what the backend answers now. Returns how many were served again.
   */
  public int recover() throws IOException {
    int recovered = 0;
    for (Mount mount : mounts.read()) {
      if (!mount.fsType().equals(FuseSession.FS_TYPE) || !inKubeletDir(mount.mountPoint())
          || published.containsKey(mount.mountPoint())) {
        continue;
      }
      Path target = mount.mountPoint();
      if (!isDead(target)) {
        continue; // another live process serves it
      }
      VolumeHandle handle;
      try {
        handle = VolumeHandle.parse(mount.source());
      } catch (IllegalArgumentException e) {
        continue; // not one of ours
      }
      calls.detach(target.toString());
      try {
        publish(handle, target, mount.readOnly());
        recovered++;
        log.info("served {} at {} again after a restart", handle, target);
      } catch (IOException | RuntimeException e) {
        log.warn("could not serve {} at {} again: {}; it stays unmounted", handle, target,
            e.toString());
      }
    }
    return recovered;
  }

  private Published serve(VolumeHandle handle, int served, Path target,
      FuseSession.Identity identity, boolean readOnly) throws IOException {
    // Where the directory is now, for measuring; the session itself only ever uses the descriptor.
    Path walkRoot = Files.readSymbolicLink(Path.of("/proc/self/fd/" + served));
    FuseSession session = FuseSession.mount(calls, system, served, target, identity, readOnly,
        handle.toString());
    return new Published(handle, readOnly, Optional.of(session), walkRoot);
  }

  private Published bind(VolumeHandle handle, int served, Path target, boolean readOnly)
      throws IOException {
    try {
      system.mount("/proc/self/fd/" + served, target, "", LinuxSystem.MS_BIND, "");
    } finally {
      calls.close(served);
    }
    if (readOnly) {
      try {
        system.mount("", target, "", LinuxSystem.MS_BIND | LinuxSystem.MS_REMOUNT
            | LinuxSystem.MS_RDONLY, "");
      } catch (IOException e) {
        unmount(target);
        throw e;
      }
    }
    return new Published(handle, readOnly, Optional.empty(), target);
  }

  /** A repeat is fine when the target shows the same volume the same way. */
  private void requireSame(Mount mount, VolumeHandle handle, Path target, boolean readOnly) {
    Published known = published.get(target);
    boolean same = known != null
        ? known.handle().equals(handle)
        : mount.fsType().equals(FuseSession.FS_TYPE) && mount.source().equals(handle.toString());
    if (!same) {
      throw new NodeRefusal.Conflict("%s already shows another volume (%s)"
          .formatted(target, known != null ? known.handle() : mount.source()));
    }
    if (mount.readOnly() != readOnly) {
      throw new NodeRefusal.Conflict("volume %s is already published at %s %s"
          .formatted(handle, target, mount.readOnly() ? "read-only" : "read-write"));
    }
  }

  /** Unmounts the top-most mount at {@code target}, through a handle of its directory. */
  private void unmount(Path target) throws IOException {
    try (PathHandle parent = system.open(target.getParent())) {
      system.unmount(parent, target.getFileName().toString());
    }
  }

  /** A FUSE mount whose server is gone answers every call with ENOTCONN. */
  private boolean isDead(Path target) {
    try (Arena arena = Arena.ofConfined()) {
      calls.stat(EfsSyscalls.AT_FDCWD, target.toString(), 0,
          arena.allocate(EfsSyscalls.STATX_SIZE, 8));
      return false;
    } catch (Errno e) {
      return e.errno() == Errno.ENOTCONN;
    }
  }

  private boolean inKubeletDir(Path mountPoint) {
    return config.allowedRoots().stream().anyMatch(mountPoint::startsWith);
  }
}
