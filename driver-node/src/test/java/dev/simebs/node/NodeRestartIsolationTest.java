package dev.simebs.node;

import static dev.simebs.node.testing.NodeClient.block;
import static dev.simebs.node.testing.NodeClient.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.VolumeCapability;
import dev.simebs.backend.api.Attachment;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.MountTable;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.node.testing.NodeClient;
import dev.simebs.node.testing.NodeProcess;
import dev.simebs.node.testing.SharedKernelNodes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one kernel, as kind runs its workers: restarting one node's plugin never touches
 * the other node's devices, mounts or data (issue 11, part 1).
 */
class NodeRestartIsolationTest {

  private static final int BLOCK_BYTES = 4096;

  private final LoopDevices loops = new LoopDevices(new LinuxSystem());
  private SharedKernelNodes cluster;
  private NodeProcess nodeA;
  private NodeProcess nodeB;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "blkid");
    HostRequirements.assumeMountNamespaces();
    cluster = SharedKernelNodes.create(Leftovers.newTestDir());
    nodeA = cluster.startNode("node-a");
    nodeB = cluster.startNode("node-b");
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void restartingOneNodeLeavesTheOtherNodesDevicesMountsAndDataAlone() throws Exception {
    Volume bFiles = stageAndPublish(nodeB, mount("ext4"));
    Volume bBlock = stageAndPublish(nodeB, block());
    Volume aFiles = stageAndPublish(nodeA, mount("ext4"));
    Volume aBlock = stageAndPublish(nodeA, block());
    Files.writeString(nodeB.inside(bFiles.target()).resolve("b.txt"), "node b's file");
    writeBlock(nodeB, bBlock, "node b's block");
    writeBlock(nodeA, aBlock, "node a's block");
    List<LoopDevice> bDevices = devicesOf(bFiles, bBlock);
    List<Mount> bMounts = mountsUnder(nodeB);
    LoopDevice aOrphan = unusedDeviceOfNodeA();

    nodeA.kill();
    nodeA.restart();

    assertThat(loops.read(aOrphan.number()).filter(d -> d.backingFile().equals(aOrphan.backingFile())))
        .as("node a's own unused device is released")
        .isEmpty();
    assertThat(devicesOf(bFiles, bBlock)).as("node b's devices").isEqualTo(bDevices);
    assertThat(bDevices).allSatisfy(d -> assertThat(d.autoclear()).isFalse());
    assertThat(mountsUnder(nodeB)).as("node b's mounts").isEqualTo(bMounts);
    assertThat(Files.readString(nodeB.inside(bFiles.target()).resolve("b.txt")))
        .isEqualTo("node b's file");
    assertThat(readBlock(nodeB, bBlock)).isEqualTo("node b's block");

    // A new device on node a takes whatever loop number is free; node b's pod still reads its own.
    Volume aNew = stageAndPublish(nodeA, block());
    writeBlock(nodeA, aNew, "node a's new block");
    assertThat(readBlock(nodeB, bBlock)).isEqualTo("node b's block");
    assertThat(readBlock(nodeA, aBlock)).isEqualTo("node a's block");
    assertHealthy(nodeB, bFiles, bBlock);
    assertHealthy(nodeA, aFiles, aBlock, aNew);

    for (Volume v : List.of(bFiles, bBlock)) {
      nodeB.client().unpublishAndUnstage(v.id());
    }
    for (Volume v : List.of(aFiles, aBlock, aNew)) {
      nodeA.client().unpublishAndUnstage(v.id());
    }
    for (Volume v : List.of(bFiles, bBlock, aFiles, aBlock, aNew)) {
      assertThat(cluster.loopDevicesOf(v.id())).as("devices of %s", v.id()).isEmpty();
    }
  }

  /** A volume staged and published on a node, and its pod's target path. */
  private record Volume(String id, Path target) {}

  private Volume stageAndPublish(NodeProcess node, VolumeCapability capability) {
    Attachment attachment = cluster.createAndAttach(node.nodeId(), 1);
    return new Volume(
        attachment.getVolumeId(),
        node.client().stageAndPublish(attachment.getVolumeId(), capability));
  }

  /** A device node a's plugin bound for a volume attached to it, that no mount uses. */
  private LoopDevice unusedDeviceOfNodeA() throws IOException {
    String volumeId = cluster.createAndAttach(nodeA.nodeId(), 1).getVolumeId();
    return nodeA.client().bindAs(volumeId, nodeA.nodeId());
  }

  private List<LoopDevice> devicesOf(Volume... volumes) throws IOException {
    List<LoopDevice> devices = new java.util.ArrayList<>();
    for (Volume v : volumes) {
      devices.addAll(cluster.loopDevicesOf(v.id()));
    }
    return devices;
  }

  private static List<Mount> mountsUnder(NodeProcess node) throws IOException {
    Path kubelet = node.client().kubeletDir;
    return new MountTable(node.namespace().mountInfo())
        .read().stream().filter(m -> m.mountPoint().startsWith(kubelet)).toList();
  }

  /** Writes {@code text} at the start of a published raw block volume, as its pod would. */
  private static void writeBlock(NodeProcess node, Volume volume, String text) throws IOException {
    byte[] block = Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), BLOCK_BYTES);
    try (RandomAccessFile device = new RandomAccessFile(node.inside(volume.target()).toFile(), "rw")) {
      device.write(block);
      device.getFD().sync();
    }
  }

  private static String readBlock(NodeProcess node, Volume volume) throws IOException {
    byte[] block = new byte[BLOCK_BYTES];
    try (RandomAccessFile device = new RandomAccessFile(node.inside(volume.target()).toFile(), "r")) {
      device.readFully(block);
    }
    int end = 0;
    while (end < block.length && block[end] != 0) {
      end++;
    }
    return new String(block, 0, end, StandardCharsets.UTF_8);
  }

  private static void assertHealthy(NodeProcess node, Volume... volumes) {
    NodeClient client = node.client();
    for (Volume v : volumes) {
      NodeGetVolumeStatsResponse stats = client.stats(v.id(), v.target());
      assertThat(stats.getVolumeCondition().getAbnormal())
          .as("%s on %s: %s", v.id(), node.nodeId(), stats.getVolumeCondition().getMessage())
          .isFalse();
    }
  }
}
