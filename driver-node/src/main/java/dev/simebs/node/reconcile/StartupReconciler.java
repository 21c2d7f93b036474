package dev.simebs.node.reconcile;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.Mount;
import dev.simebs.node.device.DeviceRelease;
import dev.simebs.node.device.DeviceUsers;
import dev.simebs.node.device.LoopOwner;
import dev.simebs.node.device.UnverifiedDeviceException;
import dev.simebs.node.ephemeral.EphemeralVolumes;
import dev.simebs.node.volume.VolumeDevices;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up reconciliation of what a previous run left on this node. The rule:
 *
 * <ol>
 *   <li>Loop devices considered are those bound to a file named {@code vol-<17 hex>.img} (inside
 *       the backend's {@code volumes/} directory when the node knows it). Nothing else is touched.
 *   <li>A device a mount of this node uses (a staging or publish mount) is kept: kubelet still
 *       needs it, or it will call NodeUnpublish/NodeUnstage, which decide from mountinfo and so
 *       work after a restart. A device bound for raw block access is checked and held open again
 *       ({@link dev.simebs.node.device.BlockHolds}) before the node serves.
 *   <li>An ephemeral inline volume that is staged under the node's state directory but published
 *       nowhere is released (unstaged, detached from this node and deleted in the cloud): only the
 *       node knows that staging, and without a publish no kubelet call will ever come for it.
 *   <li>A device no mount of this node uses is detached only as {@link DeviceRelease} allows: this
 *       node bound it (its label), and the backend says the volume is attached to this node or to
 *       none. Devices of other nodes sharing the kernel are never touched, whatever this node's
 *       mount table says; devices without our label and devices the backend cannot vouch for are
 *       left and reported.
 * </ol>
 */
public final class StartupReconciler {

  /**
   * What reconciliation did.
   *
   * @param kept devices a mount of this node uses
   * @param detached devices released
   * @param released inline volumes released
   * @param left devices that looked unused but were not this node's to release, with the reason
   * @param unverified raw-block devices in use that failed their check (see docs/node.md)
   */
  public record Report(
      List<String> kept,
      List<String> detached,
      List<String> released,
      List<String> left,
      List<String> unverified) {}

  private static final Logger log = LoggerFactory.getLogger(StartupReconciler.class);

  private final VolumeDevices devices;
  private final DeviceRelease release;
  private final Optional<Path> volumesDir;
  private final EphemeralVolumes ephemeral;
  private final Path ephemeralDir;
  private final Optional<BackendGrpc.BackendBlockingStub> backend;

  public StartupReconciler(
      VolumeDevices devices,
      DeviceRelease release,
      Optional<Path> backendDataDir,
      EphemeralVolumes ephemeral,
      Path ephemeralDir,
      Optional<BackendGrpc.BackendBlockingStub> backend) {
    this.devices = devices;
    this.release = release;
    this.volumesDir = backendDataDir.map(dir -> dir.resolve("volumes"));
    this.ephemeral = ephemeral;
    this.ephemeralDir = ephemeralDir;
    this.backend = backend;
  }

  public Report reconcile() throws IOException, InterruptedException {
    List<String> released = releaseUnpublishedEphemeralVolumes();
    List<String> kept = new ArrayList<>();
    List<String> detached = new ArrayList<>();
    List<String> left = new ArrayList<>();
    List<String> unverified = new ArrayList<>();
    int others = 0;
    List<Mount> table = devices.mounts().read();
    for (LoopDevice device : devices.loops().bound()) {
      if (!isVolumeDevice(device)) {
        continue;
      }
      String description = device.path() + " (" + device.backingFile() + ")";
      switch (release.release(device, table)) {
        case DeviceRelease.Outcome.InUse inUse -> {
          kept.add(description);
          holdIfBlock(device, inUse.users()).ifPresent(unverified::add);
        }
        case DeviceRelease.Outcome.Released _ -> detached.add(description);
        case DeviceRelease.Outcome.NotOurs notOurs -> {
          if (LoopOwner.parse(notOurs.label()).isPresent()) {
            others++;
          } else {
            left.add(description + ": not labelled by a SimEBS node ('" + notOurs.label() + "')");
          }
        }
        case DeviceRelease.Outcome.AttachedElsewhere elsewhere ->
            left.add(description + ": the backend says it is attached to " + elsewhere.nodes());
        case DeviceRelease.Outcome.Undecided undecided ->
            left.add(description + ": " + undecided.why().getMessage());
        case DeviceRelease.Outcome.Gone _ -> {}
      }
    }
    Report report = new Report(kept, detached, released, left, unverified);
    log.info(
        "start-up reconciliation: kept {} in use, detached {} unused, released {} inline volumes,"
            + " left {}, ignored {} devices of other nodes",
        kept,
        detached,
        released,
        left,
        others);
    if (!unverified.isEmpty()) {
      log.error("raw-block devices in use that failed their check: {}", unverified);
    }
    return report;
  }

  /**
   * Holds a device that a mount binds for raw block access again; a device that fails its check
   * is described (and not held: it must not be trusted).
   */
  private Optional<String> holdIfBlock(LoopDevice device, List<Mount> users) throws IOException {
    boolean block = users.stream().anyMatch(m -> DeviceUsers.deviceNodeNumber(m).isPresent());
    if (!block) {
      return Optional.empty();
    }
    String volumeId = volumeIdOf(device);
    try {
      devices.holdForBlock(device, volumeId);
      return Optional.empty();
    } catch (UnverifiedDeviceException e) {
      return Optional.of(e.getMessage());
    }
  }

  private boolean isVolumeDevice(LoopDevice device) {
    if (!ResourceIds.VOLUME.isValid(volumeIdOf(device))) {
      return false;
    }
    return volumesDir.map(dir -> dir.equals(device.backingFile().getParent())).orElse(true);
  }

  private static String volumeIdOf(LoopDevice device) {
    String name = device.backingFileName();
    return name.endsWith(".img") ? name.substring(0, name.length() - ".img".length()) : "";
  }

  private List<String> releaseUnpublishedEphemeralVolumes()
      throws IOException, InterruptedException {
    List<String> released = new ArrayList<>();
    if (!Files.isDirectory(ephemeralDir)) {
      return released;
    }
    List<Mount> table = devices.mounts().read();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(ephemeralDir)) {
      for (Path staging : entries) {
        String cloudId = staging.getFileName().toString();
        if (!ResourceIds.VOLUME.isValid(cloudId) || isPublished(cloudId, table)) {
          continue;
        }
        if (backend.isPresent()) {
          try {
            ephemeral.release(backend.get(), cloudId);
          } catch (StatusRuntimeException e) {
            // The node serves even while the backend is away; the next start tries again.
            log.warn("inline volume {} is staged but unpublished; cannot release it now: {}",
                cloudId, e.getStatus());
            continue;
          }
        } else {
          log.warn("inline volume {} is staged but unpublished; no backend to delete it", cloudId);
          continue;
        }
        released.add(cloudId);
      }
    }
    return released;
  }

  /** True when a mount other than the private staging shows the volume's device. */
  private boolean isPublished(String cloudId, List<Mount> table) throws IOException {
    Optional<LoopDevice> device = devices.of(cloudId);
    if (device.isEmpty()) {
      return false;
    }
    Path staging = ephemeral.stagingOf(cloudId);
    return VolumeDevices.usersOf(device.get(), table).stream()
        .anyMatch(mount -> !mount.mountPoint().startsWith(staging));
  }
}
