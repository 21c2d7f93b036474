package dev.simebs.node.reconcile;

import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.node.ephemeral.EphemeralVolumes;
import dev.simebs.node.sys.LoopDevice;
import dev.simebs.node.sys.Mount;
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
 *   <li>Our loop devices are those bound to a file named {@code vol-<17 hex>.img} (inside the
 *       backend's {@code volumes/} directory when the node knows it). Nothing else is touched.
 *   <li>A mount that kubelet asked for (a staging or publish mount of one of our devices) is kept:
 *       kubelet still needs it, or it will call NodeUnpublish/NodeUnstage, which decide from
 *       mountinfo and so work after a restart.
 *   <li>An ephemeral inline volume that is staged under the node's state directory but published
 *       nowhere is released (unstaged, detached from this node and deleted in the cloud): only the
 *       node knows that staging, and without a publish no kubelet call will ever come for it.
 *   <li>A loop device of ours that no mount uses is detached: no kubelet path reaches it, and
 *       NodeStage binds a new one when it is needed again.
 * </ol>
 */
public final class StartupReconciler {

  /** What reconciliation did. */
  public record Report(List<String> kept, List<String> detached, List<String> released) {}

  private static final Logger log = LoggerFactory.getLogger(StartupReconciler.class);

  private final VolumeDevices devices;
  private final Optional<Path> volumesDir;
  private final EphemeralVolumes ephemeral;
  private final Path ephemeralDir;
  private final Optional<BackendGrpc.BackendBlockingStub> backend;

  public StartupReconciler(
      VolumeDevices devices,
      Optional<Path> backendDataDir,
      EphemeralVolumes ephemeral,
      Path ephemeralDir,
      Optional<BackendGrpc.BackendBlockingStub> backend) {
    this.devices = devices;
    this.volumesDir = backendDataDir.map(dir -> dir.resolve("volumes"));
    this.ephemeral = ephemeral;
    this.ephemeralDir = ephemeralDir;
    this.backend = backend;
  }

  public Report reconcile() throws IOException, InterruptedException {
    List<String> released = releaseUnpublishedEphemeralVolumes();
    List<String> kept = new ArrayList<>();
    List<String> detached = new ArrayList<>();
    List<Mount> table = devices.mounts().read();
    for (LoopDevice device : devices.loops().bound()) {
      if (!isOurs(device)) {
        continue;
      }
      String description = device.path() + " (" + device.backingFile() + ")";
      if (VolumeDevices.usersOf(device, table).isEmpty()) {
        devices.loops().detach(device);
        detached.add(description);
      } else {
        kept.add(description);
      }
    }
    Report report = new Report(kept, detached, released);
    log.info(
        "start-up reconciliation: kept {} in use, detached {} unused, released {} inline volumes",
        kept,
        detached,
        released);
    return report;
  }

  private boolean isOurs(LoopDevice device) {
    String name = device.backingFileName();
    if (!name.endsWith(".img")
        || !ResourceIds.VOLUME.isValid(name.substring(0, name.length() - ".img".length()))) {
      return false;
    }
    return volumesDir.map(dir -> dir.equals(device.backingFile().getParent())).orElse(true);
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
