package dev.simebs.node.volume;

import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.request.Access;
import dev.simebs.node.sys.LinuxSystem;
import dev.simebs.node.sys.LoopDevice;
import dev.simebs.node.sys.Mount;
import dev.simebs.node.sys.MountTable;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodePublish and NodeUnpublish: a bind mount of the staged file system onto the target directory,
 * or of the volume's loop device node onto the target file, read-only when asked.
 */
public final class Publisher {

  private static final Logger log = LoggerFactory.getLogger(Publisher.class);

  private final VolumeDevices devices;
  private final LinuxSystem system;

  public Publisher(VolumeDevices devices, LinuxSystem system) {
    this.devices = devices;
    this.system = system;
  }

  public void publish(
      String volumeId, Path stagingPath, Path targetPath, Access access, boolean readOnly)
      throws IOException {
    List<Mount> table = devices.mounts().read();
    boolean ro = readOnly || access.readerOnly();
    switch (access) {
      case Access.Filesystem fs -> {
        Mount staged = staged(volumeId, MountTable.topmostAt(table, stagingPath), stagingPath);
        if (alreadyPublished(volumeId, table, targetPath, staged, ro)) {
          return;
        }
        Files.createDirectories(targetPath);
        bind(stagingPath.toString(), targetPath, ro, fs.options().flags());
      }
      case Access.Block block -> {
        Path marker = Stager.blockMarker(stagingPath, volumeId);
        Mount staged = staged(volumeId, MountTable.topmostAt(table, marker), stagingPath);
        LoopDevice device =
            devices
                .behind(staged)
                .orElseThrow(
                    () ->
                        Rpc.fail(
                            Status.Code.FAILED_PRECONDITION,
                            "the loop device of volume %s is detached; unstage and stage again",
                            volumeId));
        // Checked before every use: a device that is not this node's device of the volume is
        // never handed to a pod.
        devices.holdForBlock(device, volumeId);
        if (alreadyPublishedBlock(volumeId, table, targetPath, ro)) {
          return;
        }
        LoopDevice source =
            ro ? devices.attach(volumeId, device.backingFile(), true).device() : device;
        try {
          devices.holdForBlock(source, volumeId);
          prepareTargetFile(targetPath);
          bind(source.path(), targetPath, ro, 0);
        } catch (IOException | RuntimeException e) {
          try {
            devices.releaseUnused(volumeId);
          } catch (IOException cleanup) {
            e.addSuppressed(cleanup);
          }
          throw e;
        }
      }
    }
    log.info("published {} at {}{}", volumeId, targetPath, ro ? " (read-only)" : "");
  }

  /**
   * Undoes {@link #publish}: unmounts the target, removes what publish created there, and lets go
   * of a device that nothing uses any more.
   */
  public void unpublish(String volumeId, Path targetPath) throws IOException {
    List<LoopDevice> shown = devices.unmountAll(volumeId, targetPath);
    removeTarget(targetPath);
    // The staged device stays while its staging mount uses it; a read-only device made for this
    // target, or a device whose volume was unstaged first, goes.
    for (LoopDevice device : shown) {
      devices.releaseIfUnused(device);
    }
  }

  private Mount staged(String volumeId, Optional<Mount> mount, Path stagingPath)
      throws IOException {
    if (mount.isEmpty() || !devices.shows(mount.get(), volumeId)) {
      throw Rpc.fail(
          Status.Code.FAILED_PRECONDITION,
          "volume %s is not staged at %s with this access type; call NodeStageVolume first",
          volumeId,
          stagingPath);
    }
    return mount.get();
  }

  /** True when the target already shows this volume the same way; ALREADY_EXISTS if otherwise. */
  private boolean alreadyPublished(
      String volumeId, List<Mount> table, Path targetPath, Mount staged, boolean ro)
      throws IOException {
    Optional<Mount> existing = MountTable.topmostAt(table, targetPath);
    if (existing.isEmpty()) {
      return false;
    }
    Mount target = existing.get();
    boolean sameSource =
        target.major() == staged.major()
            && target.minor() == staged.minor()
            && target.root().equals(staged.root())
            && devices.shows(target, volumeId);
    if (!sameSource) {
      throw Rpc.fail(
          Status.Code.ALREADY_EXISTS,
          "%s is already mounted from %s, not from volume %s",
          targetPath,
          target.source(),
          volumeId);
    }
    if (target.readOnly() != ro) {
      throw Rpc.fail(
          Status.Code.ALREADY_EXISTS,
          "volume %s is already published at %s %s",
          volumeId,
          targetPath,
          target.readOnly() ? "read-only" : "read-write");
    }
    return true;
  }

  /** For block access: true when the target already binds a device of this volume as asked. */
  private boolean alreadyPublishedBlock(
      String volumeId, List<Mount> table, Path targetPath, boolean ro) throws IOException {
    Optional<Mount> existing = MountTable.topmostAt(table, targetPath);
    if (existing.isEmpty()) {
      return false;
    }
    Optional<LoopDevice> device = devices.behind(existing.get());
    if (device.isEmpty() || !VolumeDevices.holds(device.get(), volumeId)) {
      throw Rpc.fail(
          Status.Code.ALREADY_EXISTS,
          "%s is already mounted from %s, not from volume %s",
          targetPath,
          existing.get().source(),
          volumeId);
    }
    if (device.get().readOnly() != ro) {
      throw Rpc.fail(
          Status.Code.ALREADY_EXISTS,
          "volume %s is already published at %s %s",
          volumeId,
          targetPath,
          device.get().readOnly() ? "read-only" : "read-write");
    }
    return true;
  }

  private void bind(String source, Path target, boolean readOnly, long flags) throws IOException {
    system.mount(source, target, "", LinuxSystem.MS_BIND, "");
    long extra = flags | (readOnly ? LinuxSystem.MS_RDONLY : 0);
    if (extra == 0) {
      return;
    }
    try {
      // A bind mount takes its flags only on a remount of the bind.
      system.mount("", target, "", LinuxSystem.MS_BIND | LinuxSystem.MS_REMOUNT | extra, "");
    } catch (IOException e) {
      system.unmount(target);
      throw e;
    }
  }

  private static void prepareTargetFile(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      // Some callers create the target as a directory; a device binds onto a file.
      Files.delete(target);
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.createFile(target);
    }
  }

  private void removeTarget(Path target) throws IOException {
    try {
      Files.deleteIfExists(target);
    } catch (DirectoryNotEmptyException e) {
      // Not ours to delete; the volume is unpublished all the same.
      log.warn("{} is not mounted but holds files; leaving it in place", target);
    }
  }
}
