package dev.simebs.node;

import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodePublishVolumeRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.node.device.LoopOwner;
import dev.simebs.node.ephemeral.EphemeralVolumes;
import dev.simebs.node.testing.LoopDetacher;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a restarted node does with what the previous run left (see StartupReconciler). */
class StartupReconciliationTest {

  private final LoopDevices loops = new LoopDevices(new LinuxSystem());
  private NodeHarness first;
  private NodeHarness restarted;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "blkid");
    first = NodeHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (restarted != null) {
      restarted.close();
    } else if (first != null) {
      first.close();
    }
  }

  @Test
  void loopDeviceThisNodeBoundThatNoMountUsesIsDetached() throws Exception {
    String volumeId = first.newVolume(64 * MIB);
    LoopDevice orphan = first.bindAs(volumeId, "node-1");

    restart();

    assertThat(restarted.plugin.reconciliation().detached())
        .anyMatch(d -> d.startsWith(orphan.path()));
    assertThat(loops.read(orphan.number())).isEmpty();
  }

  @Test
  void loopDeviceAnotherNodeBoundIsLeftAloneThoughNoMountHereUsesIt() throws Exception {
    String volumeId = first.newVolume(64 * MIB);
    LoopDevice others = first.bindAs(volumeId, "node-2");
    try {
      restart();

      assertThat(restarted.plugin.reconciliation().detached()).isEmpty();
      assertThat(loops.read(others.number())).contains(others);
    } finally {
      LoopDetacher.detach(loops, others);
    }
  }

  @Test
  void loopDeviceWithoutOurLabelIsLeftAndReported() throws Exception {
    String volumeId = first.newVolume(64 * MIB);
    Path file = first.backingFile(volumeId).toRealPath();
    LoopDevice unlabelled = loops.attach(file, false, file.toString());
    try {
      restart();

      assertThat(restarted.plugin.reconciliation().detached()).isEmpty();
      assertThat(restarted.plugin.reconciliation().left())
          .anyMatch(d -> d.startsWith(unlabelled.path()) && d.contains("not labelled"));
      assertThat(loops.read(unlabelled.number())).contains(unlabelled);
    } finally {
      LoopDetacher.detach(loops, unlabelled);
    }
  }

  @Test
  void stagedAndPublishedVolumeIsKeptAndServedAfterARestart() throws Exception {
    String volumeId = first.newVolume(64 * MIB);
    Path target = first.stageAndPublish(volumeId, mount("ext4"));
    Files.writeString(target.resolve("before-restart.txt"), "kept");

    restart();

    assertThat(restarted.plugin.reconciliation().kept()).hasSize(1);
    assertThat(Files.readString(target.resolve("before-restart.txt"))).isEqualTo("kept");
    restarted.publish(volumeId, mount("ext4"), target, false);
    restarted.unpublishAndUnstage(volumeId);
    assertThat(Leftovers.under(restarted.root)).isEmpty();
  }

  @Test
  void loopDevicesOverFilesThatAreNotOurVolumesAreLeftAlone() throws Exception {
    Path notAVolume = first.dataDir.resolve("volumes/notes.img");
    Path outside =
        Files.createDirectories(first.root.resolve("other")).resolve(first.newVolume(MIB) + ".img");
    for (Path file : new Path[] {notAVolume, outside}) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(16 * MIB);
      }
    }
    LoopDevice foreign = loops.attach(notAVolume.toRealPath(), false, "other tool");
    LoopDevice elsewhere =
        loops.attach(outside.toRealPath(), false, LoopOwner.of(volumeIdOf(outside), "node-1").label());
    try {
      restart();

      assertThat(restarted.plugin.reconciliation().detached()).isEmpty();
      assertThat(loops.read(foreign.number())).isPresent();
      assertThat(loops.read(elsewhere.number())).isPresent();
    } finally {
      LoopDetacher.detach(loops, foreign);
      LoopDetacher.detach(loops, elsewhere);
    }
  }

  @Test
  void inlineVolumeThatIsNoLongerPublishedIsReleased() throws Exception {
    first.close();
    Path root = Leftovers.newTestDir();
    try (BackendHarness backend = BackendHarness.open(root.resolve("data"))) {
      first = NodeHarness.start(root, c -> c, backend.asOptional());
      first.awaitRegistered();
      String inlineId = "csi-0011223344556677889900aabbccddeeff00112233445566778899aabbccddee";
      Path target = first.target("inline", "pod");
      first.node.nodePublishVolume(
          NodePublishVolumeRequest.newBuilder()
              .setVolumeId(inlineId)
              .setTargetPath(target.toString())
              .setVolumeCapability(mount("ext4"))
              .putVolumeContext(VolumeContextKeys.EPHEMERAL, "true")
              .build());
      Leftovers.unmount(target);

      first.stopServing();
      restarted = NodeHarness.start(root, c -> c, backend.asOptional());

      assertThat(restarted.plugin.reconciliation().released()).hasSize(1);
      assertThat(
              backend
                  .backend()
                  .describeVolumes(
                      DescribeVolumesRequest.newBuilder()
                          .addFilters(
                              Filter.newBuilder()
                                  .setName("tag:" + EphemeralVolumes.TAG_KEY)
                                  .addValues(inlineId))
                          .build())
                  .getVolumesList())
          .allMatch(v -> v.getState() == VolumeState.DELETING);
      assertThat(Leftovers.under(root)).isEmpty();
      restarted.close();
      restarted = null;
      first = null;
    }
  }

  private static String volumeIdOf(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".img".length());
  }

  private void restart() throws Exception {
    first.stopServing();
    restarted = NodeHarness.start(first.root, c -> c, Optional.empty());
  }
}
