package dev.simebs.dist.e2e;

import static dev.simebs.dist.e2e.AllInOneDriver.GIB;
import static dev.simebs.dist.e2e.AllInOneDriver.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.IdentityGrpc;
import csi.v1.ListVolumesRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.ProbeRequest;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.ManagedChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the whole driver with a volume staged and published: after a restart on the same
 * socket and data, the volume is still listed, its mount still serves the data, kubelet's
 * repeated calls succeed, and tearing it down leaves nothing behind.
 */
class KillNineAllInOneTest {

  @TempDir Path dir;

  @Test
  void publishedVolumeSurvivesKillNineAndTearsDownCleanly() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4");
    Path socket = dir.resolve("csi.sock");
    Path data = dir.resolve("data");
    Path log = dir.resolve("driver.log");
    VolumeCapability capability = mount("ext4");
    Path staging = dir.resolve("staging");
    Path target = dir.resolve("pods/p/mount");

    ChildAllInOne first = ChildAllInOne.start(socket, data, log);
    Volume volume;
    Map<String, String> context;
    try (Client client = new Client(socket)) {
      volume =
          client.controller
              .createVolume(
                  CreateVolumeRequest.newBuilder()
                      .setName("survivor")
                      .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
                      .addVolumeCapabilities(capability)
                      .build())
              .getVolume();
      context = client.publish(volume, capability);
      client.stageAndPublish(volume, context, capability, staging, target);
      Files.writeString(target.resolve("before-kill.txt"), "acknowledged and synced");
      try (var channel = FileChannel.open(target.resolve("before-kill.txt"), StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    } finally {
      first.kill();
    }

    ChildAllInOne second = ChildAllInOne.start(socket, data, log);
    try (Client client = new Client(socket)) {
      assertThat(client.identity.probe(ProbeRequest.getDefaultInstance()).getReady().getValue()).isTrue();
      assertThat(client.controller.listVolumes(ListVolumesRequest.getDefaultInstance()).getEntriesList())
          .extracting(e -> e.getVolume().getVolumeId())
          .contains(volume.getVolumeId());
      assertThat(Files.readString(target.resolve("before-kill.txt"))).isEqualTo("acknowledged and synced");

      // kubelet repeats what it had asked for: every answer is OK.
      assertThat(client.publish(volume, capability)).isEqualTo(context);
      client.stageAndPublish(volume, context, capability, staging, target);
      assertThat(
              client.node
                  .nodeGetVolumeStats(
                      NodeGetVolumeStatsRequest.newBuilder()
                          .setVolumeId(volume.getVolumeId())
                          .setVolumePath(target.toString())
                          .build())
                  .getVolumeCondition()
                  .getAbnormal())
          .isFalse();

      client.node.nodeUnpublishVolume(
          NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setTargetPath(target.toString()).build());
      client.node.nodeUnstageVolume(
          NodeUnstageVolumeRequest.newBuilder()
              .setVolumeId(volume.getVolumeId())
              .setStagingTargetPath(staging.toString())
              .build());
      client.controller.controllerUnpublishVolume(
          ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setNodeId("kill-node").build());
      client.controller.deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
    } finally {
      assertThat(second.stop()).isZero();
    }
    assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
        .noneMatch(line -> line.contains(dir.toString()));
    assertThat(Files.list(data.resolve("backend/volumes")).toList()).isEmpty();
  }

  /** Stubs over one channel to the child's socket. */
  private static final class Client implements AutoCloseable {
    final ManagedChannel channel;
    final IdentityGrpc.IdentityBlockingStub identity;
    final ControllerGrpc.ControllerBlockingStub controller;
    final NodeGrpc.NodeBlockingStub node;

    Client(Path socket) {
      channel = Channels.open(new Endpoint.Unix(socket));
      identity = IdentityGrpc.newBlockingStub(channel);
      controller = ControllerGrpc.newBlockingStub(channel);
      node = NodeGrpc.newBlockingStub(channel);
    }

    Map<String, String> publish(Volume volume, VolumeCapability capability) {
      return controller
          .controllerPublishVolume(
              ControllerPublishVolumeRequest.newBuilder()
                  .setVolumeId(volume.getVolumeId())
                  .setNodeId("kill-node")
                  .setVolumeCapability(capability)
                  .putAllVolumeContext(volume.getVolumeContextMap())
                  .build())
          .getPublishContextMap();
    }

    void stageAndPublish(
        Volume volume, Map<String, String> context, VolumeCapability capability, Path staging, Path target) {
      node.nodeStageVolume(
          NodeStageVolumeRequest.newBuilder()
              .setVolumeId(volume.getVolumeId())
              .putAllPublishContext(context)
              .putAllVolumeContext(volume.getVolumeContextMap())
              .setStagingTargetPath(staging.toString())
              .setVolumeCapability(capability)
              .build());
      node.nodePublishVolume(
          NodePublishVolumeRequest.newBuilder()
              .setVolumeId(volume.getVolumeId())
              .putAllPublishContext(context)
              .putAllVolumeContext(volume.getVolumeContextMap())
              .setStagingTargetPath(staging.toString())
              .setTargetPath(target.toString())
              .setVolumeCapability(capability)
              .build());
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
