package dev.simebs.bench.scenario;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerExpandVolumeResponse;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.Snapshot;
import csi.v1.TopologyRequirement;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeContentSource;
import dev.simebs.bench.csi.CheckFailedException;
import dev.simebs.bench.csi.DriverProfile;
import dev.simebs.bench.csi.TimedCsi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The calls a container orchestrator makes for a volume, in the order it makes them, each one
 * registering its undo. Only what the driver advertises is called (no ControllerPublish without
 * PUBLISH_UNPUBLISH_VOLUME, no NodeStage without STAGE_UNSTAGE_VOLUME).
 */
final class Orchestrator {

  /** A volume published on this node: where the workload sees it. */
  record Published(Volume volume, Path stagingPath, Path targetPath) {}

  private static final Duration SNAPSHOT_READY_TIMEOUT = Duration.ofMinutes(5);

  private final DriverProfile profile;
  private final Settings settings;
  private final VolumeCapability capability;

  Orchestrator(DriverProfile profile, Settings settings) {
    this.profile = profile;
    this.settings = settings;
    this.capability = capability(settings);
  }

  Settings settings() {
    return settings;
  }

  DriverProfile profile() {
    return profile;
  }

  private static VolumeCapability capability(Settings settings) {
    VolumeCapability.Builder builder =
        VolumeCapability.newBuilder()
            .setAccessMode(
                VolumeCapability.AccessMode.newBuilder()
                    .setMode(settings.scenario() == ScenarioKind.efs
                        ? VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER
                        : VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER));
    return switch (settings.accessType()) {
      case mount ->
          builder
              .setMount(VolumeCapability.MountVolume.newBuilder().setFsType(settings.fsType()))
              .build();
      case block -> builder.setBlock(VolumeCapability.BlockVolume.getDefaultInstance()).build();
    };
  }

  /** CreateVolume; undo is DeleteVolume. */
  Volume create(TimedCsi csi, String name, long bytes, VolumeContentSource source, Teardown undo) {
    CreateVolumeRequest.Builder request =
        CreateVolumeRequest.newBuilder()
            .setName(name)
            .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes))
            .addVolumeCapabilities(capability)
            .putAllParameters(settings.parameters());
    if (source != null) {
      request.setVolumeContentSource(source);
    }
    if (profile.topologyAware() && profile.nodeTopology().getSegmentsCount() > 0) {
      // Like WaitForFirstConsumer: the volume must be reachable from the node that uses it.
      request.setAccessibilityRequirements(
          TopologyRequirement.newBuilder()
              .addRequisite(profile.nodeTopology())
              .addPreferred(profile.nodeTopology()));
    }
    Volume volume =
        csi.rpc("CreateVolume", () -> csi.controller().createVolume(request.build())).getVolume();
    undo.push(() -> delete(csi, volume.getVolumeId()));
    return volume;
  }

  Volume create(TimedCsi csi, String name, Teardown undo) {
    return create(csi, name, settings.sizeBytes(), null, undo);
  }

  void delete(TimedCsi csi, String volumeId) {
    csi.rpc(
        "DeleteVolume",
        () -> csi.controller().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build()));
  }

  /** ControllerPublishVolume to this node; undo is ControllerUnpublishVolume. */
  ControllerPublishVolumeResponse attach(TimedCsi csi, Volume volume, Teardown undo) {
    if (!profile.controllerPublish()) {
      return ControllerPublishVolumeResponse.getDefaultInstance();
    }
    ControllerPublishVolumeResponse published =
        csi.rpc(
            "ControllerPublishVolume",
            () ->
                csi.controller()
                    .controllerPublishVolume(
                        ControllerPublishVolumeRequest.newBuilder()
                            .setVolumeId(volume.getVolumeId())
                            .setNodeId(profile.nodeId())
                            .setVolumeCapability(capability)
                            .putAllVolumeContext(volume.getVolumeContextMap())
                            .build()));
    undo.push(
        () ->
            csi.rpc(
                "ControllerUnpublishVolume",
                () ->
                    csi.controller()
                        .controllerUnpublishVolume(
                            ControllerUnpublishVolumeRequest.newBuilder()
                                .setVolumeId(volume.getVolumeId())
                                .setNodeId(profile.nodeId())
                                .build())));
    return published;
  }

  /**
   * Attach, stage and publish a volume as kubelet does for a pod; each step's undo is pushed. The
   * paths come from the tool's own volume name, never from an ID the driver chose.
   */
  Published publish(TimedCsi csi, Volume volume, String name, Teardown undo) throws IOException {
    ControllerPublishVolumeResponse attached = attach(csi, volume, undo);
    Path staging = settings.stagingDir().resolve(name);
    if (profile.nodeStage()) {
      Files.createDirectories(staging);
      undo.push(() -> Files.deleteIfExists(staging));
      csi.rpc(
          "NodeStageVolume",
          () ->
              csi.node()
                  .nodeStageVolume(
                      NodeStageVolumeRequest.newBuilder()
                          .setVolumeId(volume.getVolumeId())
                          .putAllPublishContext(attached.getPublishContextMap())
                          .setStagingTargetPath(staging.toString())
                          .setVolumeCapability(capability)
                          .putAllVolumeContext(volume.getVolumeContextMap())
                          .build()));
      undo.push(
          () ->
              csi.rpc(
                  "NodeUnstageVolume",
                  () ->
                      csi.node()
                          .nodeUnstageVolume(
                              NodeUnstageVolumeRequest.newBuilder()
                                  .setVolumeId(volume.getVolumeId())
                                  .setStagingTargetPath(staging.toString())
                                  .build())));
    }
    // The CO makes the target's parent; the driver makes the target itself.
    Path parent = settings.targetDir().resolve(name);
    Path target = parent.resolve(settings.accessType().name());
    Files.createDirectories(parent);
    undo.push(() -> Files.deleteIfExists(parent));
    NodePublishVolumeRequest.Builder request =
        NodePublishVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .putAllPublishContext(attached.getPublishContextMap())
            .setTargetPath(target.toString())
            .setVolumeCapability(capability)
            .putAllVolumeContext(volume.getVolumeContextMap());
    if (profile.nodeStage()) {
      request.setStagingTargetPath(staging.toString());
    }
    csi.rpc("NodePublishVolume", () -> csi.node().nodePublishVolume(request.build()));
    undo.push(
        () ->
            csi.rpc(
                "NodeUnpublishVolume",
                () ->
                    csi.node()
                        .nodeUnpublishVolume(
                            NodeUnpublishVolumeRequest.newBuilder()
                                .setVolumeId(volume.getVolumeId())
                                .setTargetPath(target.toString())
                                .build())));
    return new Published(volume, profile.nodeStage() ? staging : null, target);
  }

  /**
   * CreateSnapshot, repeated with the same name (idempotent, as the external-snapshotter does)
   * until the snapshot is ready to use; undo is DeleteSnapshot.
   */
  Snapshot snapshot(TimedCsi csi, String name, String volumeId, Teardown undo)
      throws InterruptedException {
    CreateSnapshotRequest request =
        CreateSnapshotRequest.newBuilder().setName(name).setSourceVolumeId(volumeId).build();
    Snapshot snapshot =
        csi.rpc("CreateSnapshot", () -> csi.controller().createSnapshot(request)).getSnapshot();
    undo.push(() -> deleteSnapshot(csi, snapshot.getSnapshotId()));
    long deadline = System.nanoTime() + SNAPSHOT_READY_TIMEOUT.toNanos();
    long pauseMillis = 2;
    Snapshot current = snapshot;
    while (!current.getReadyToUse()) {
      if (System.nanoTime() > deadline) {
        throw new CheckFailedException(
            "SNAPSHOT_NOT_READY", "snapshot " + snapshot.getSnapshotId() + " never became ready");
      }
      Thread.sleep(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 100);
      current =
          csi.rpc("CreateSnapshot (until ready)", () -> csi.controller().createSnapshot(request))
              .getSnapshot();
    }
    return current;
  }

  void deleteSnapshot(TimedCsi csi, String snapshotId) {
    csi.rpc(
        "DeleteSnapshot",
        () ->
            csi.controller()
                .deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build()));
  }

  /** ControllerExpandVolume, then NodeExpandVolume when the driver asks for it. */
  void expand(TimedCsi csi, Published published, long newBytes) {
    String volumeId = published.volume().getVolumeId();
    CapacityRange range = CapacityRange.newBuilder().setRequiredBytes(newBytes).build();
    ControllerExpandVolumeResponse expanded =
        csi.rpc(
            "ControllerExpandVolume",
            () ->
                csi.controller()
                    .controllerExpandVolume(
                        ControllerExpandVolumeRequest.newBuilder()
                            .setVolumeId(volumeId)
                            .setCapacityRange(range)
                            .setVolumeCapability(capability)
                            .build()));
    if (expanded.getNodeExpansionRequired() && profile.nodeExpand()) {
      NodeExpandVolumeRequest.Builder request =
          NodeExpandVolumeRequest.newBuilder()
              .setVolumeId(volumeId)
              .setVolumePath(published.targetPath().toString())
              .setCapacityRange(range)
              .setVolumeCapability(capability);
      if (published.stagingPath() != null) {
        request.setStagingTargetPath(published.stagingPath().toString());
      }
      csi.rpc("NodeExpandVolume", () -> csi.node().nodeExpandVolume(request.build()));
    }
  }

  static VolumeContentSource fromSnapshot(String snapshotId) {
    return VolumeContentSource.newBuilder()
        .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId))
        .build();
  }
}
