package dev.simebs.dist;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.NodeGrpc;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.VolumeCapability;
import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.identity.AdvertisedSpec;
import dev.simebs.node.NodeConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the all-in-one node takes request paths from: the temporary directories by default (so
 * csi-sanity's work), never a system directory, and never the data directory.
 */
class AllInOneAllowedRootsTest {

  @TempDir Path dir;

  @Test
  void theDefaultRootsAreTheTemporaryDirectories() {
    assertThat(NodeConfig.temporaryRoots()).contains(Path.of("/tmp"));
  }

  @Test
  void aSystemDirectoryAsRootStopsTheStartAndLeavesNoSocket() {
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("csi.sock"));
    AllInOne.Config config =
        new AllInOne.Config(
            endpoint,
            dir.resolve("data"),
            VolumeStoreMode.DATA_DIR,
            "node-1",
            AllInOneCommand.DEFAULT_ZONE,
            NodeConfig.DEFAULT_MAX_VOLUMES,
            List.of(Path.of("/etc")),
            Duration.ofSeconds(1),
            AdvertisedSpec.DEFAULT);

    assertThatThrownBy(() -> AllInOne.start(config).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed root /etc may not be, lie in or hold the system directory");
    assertThat(dir.resolve("csi.sock")).doesNotExist();
  }

  @Test
  void pathsInTheDataDirectoryAreRefusedEvenUnderTheDefaultRoots() throws Exception {
    Endpoint endpoint = new Endpoint.Unix(dir.resolve("csi.sock"));
    Path dataDir = dir.resolve("data");
    try (AllInOne server = AllInOne.start(AllInOne.Config.of(endpoint, dataDir, "node-1"))) {
      ManagedChannel channel = Channels.open(endpoint);
      try {
        NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(channel);
        Path staging = dataDir.resolve("backend/volumes");
        assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            "must not be inside or above the node's own directory",
            () ->
                node.nodeStageVolume(
                    NodeStageVolumeRequest.newBuilder()
                        .setVolumeId("vol-0123456789abcdef0")
                        .setStagingTargetPath(staging.toString())
                        .setVolumeCapability(
                            VolumeCapability.newBuilder()
                                .setMount(VolumeCapability.MountVolume.getDefaultInstance())
                                .setAccessMode(
                                    VolumeCapability.AccessMode.newBuilder()
                                        .setMode(
                                            VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)))
                        .putPublishContext(
                            "backingFile", staging.resolve("vol-0123456789abcdef0.img").toString())
                        .build()));
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
