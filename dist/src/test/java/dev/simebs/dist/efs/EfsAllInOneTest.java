package dev.simebs.dist.efs;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerGrpc;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.dist.AllInOne;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one serves the EFS driver on its own socket beside the block driver's, with a file
 * system made at start: a volume goes from CreateVolume to two published targets and back.
 */
class EfsAllInOneTest {

  @TempDir Path dir;
  private AllInOne server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = AllInOne.start(AllInOne.Config.of(new Endpoint.Unix(dir.resolve("csi.sock")),
        dir.resolve("data"), "node-1"));
    channel = Channels.open(server.efsEndpoint());
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  @Test
  void theEfsDriverServesBesideTheBlockDriverWithADefaultFileSystem() {
    assertThat(server.efsEndpoint()).isEqualTo(new Endpoint.Unix(dir.resolve("efs.sock")));
    assertThat(IdentityGrpc.newBlockingStub(channel)
        .getPluginInfo(GetPluginInfoRequest.getDefaultInstance()).getName())
        .isEqualTo(EfsDriverInfo.DRIVER_NAME);
    assertThat(server.defaultFileSystemId()).isPresent();
  }

  @Test
  void aVolumeIsSharedByTwoTargetsOfTheNode() throws Exception {
    HostRequirements.assumeFuse();
    VolumeCapability rwx = VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.getDefaultInstance())
        .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(Mode.MULTI_NODE_MULTI_WRITER))
        .build();
    Volume volume = ControllerGrpc.newBlockingStub(channel).createVolume(CreateVolumeRequest
        .newBuilder().setName("pvc-shared").addVolumeCapabilities(rwx)
        .putAllParameters(Map.of("provisioningMode", "efs-ap", "directoryPerms", "700",
            "fileSystemId", server.defaultFileSystemId().orElseThrow()))
        .build()).getVolume();
    NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(channel);
    Path a = dir.resolve("pod-a/mount");
    Path b = dir.resolve("pod-b/mount");
    for (Path target : new Path[] {a, b}) {
      node.nodePublishVolume(NodePublishVolumeRequest.newBuilder()
          .setVolumeId(volume.getVolumeId()).setTargetPath(target.toString())
          .setVolumeCapability(rwx).build());
    }
    try {
      Files.writeString(a.resolve("note"), "hello from a");
      assertThat(b.resolve("note")).hasContent("hello from a");
      assertThat(Files.getAttribute(b.resolve("note"), "unix:uid")).isEqualTo(50_000);
    } finally {
      for (Path target : new Path[] {a, b}) {
        node.nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder()
            .setVolumeId(volume.getVolumeId()).setTargetPath(target.toString()).build());
      }
    }
    ControllerGrpc.newBlockingStub(channel).deleteVolume(
        DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
    assertThat(a).doesNotExist();
  }
}
