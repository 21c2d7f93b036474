package dev.simebs.node;

import dev.simebs.common.testing.HostRequirements;
import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.mount;
import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.VolumeCapability;
import csi.v1.VolumeUsage;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stats, volume condition and online expansion of mounted volumes. */
class FilesystemHealthTest {

  private NodeHarness harness;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "mkfs.xfs", "blkid", "resize2fs", "xfs_growfs");
    harness = NodeHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void expansionGrowsAMountedXfsOnline() throws Exception {
    expandOnline("xfs", 320, 400);
  }

  @Test
  void expansionGrowsAMountedExt4Online() throws Exception {
    HostRequirements.assumeOnlineExtResize();
    expandOnline("ext4", 64, 128);
  }

  /**
   * A volume expanded while not staged, or restored or cloned into a larger size, holds a file
   * system smaller than its device: NodeStage grows it (ext before mounting, xfs once mounted).
   */
  @ParameterizedTest(name = "{0}: {1} MiB file system on a {2} MiB device")
  @CsvSource({"ext4, 64, 128", "xfs, 320, 640"})
  void fileSystemSmallerThanItsDeviceFillsItAtTheNextStage(String fsType, long fromMib, long toMib)
      throws Exception {
    String volumeId = harness.newVolume(fromMib * MIB);
    Path target = harness.stageAndPublish(volumeId, mount(fsType));
    Files.writeString(target.resolve("kept.txt"), "written before the volume grew");
    long totalBefore = bytes(harness.stats(volumeId, target)).getTotal();
    harness.unpublishAndUnstage(volumeId);

    harness.growVolume(volumeId, toMib * MIB);
    harness.stageAndPublish(volumeId, mount(fsType));

    assertThat(bytes(harness.stats(volumeId, target)).getTotal())
        .isGreaterThan(totalBefore + (toMib - fromMib) * MIB * 8 / 10);
    assertThat(Files.readString(target.resolve("kept.txt")))
        .isEqualTo("written before the volume grew");
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void ext4ThatCannotGrowOnlineSaysWhyAndWhen() throws Exception {
    HostRequirements.assumeNoOnlineExtResize();
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.stageAndPublish(volumeId, mount("ext4"));
    harness.growVolume(volumeId, 128 * MIB);

    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        "grows when volume " + volumeId + " is next staged",
        () -> harness.expand(volumeId, target, 128 * MIB));
    harness.unpublishAndUnstage(volumeId);
  }

  private void expandOnline(String fsType, long fromMib, long toMib) throws Exception {
    String volumeId = harness.newVolume(fromMib * MIB);
    VolumeCapability capability = mount(fsType);
    Path target = harness.target(volumeId, "pod");
    harness.stage(volumeId, capability);
    harness.publish(volumeId, capability, target, false);
    Files.writeString(target.resolve("before.txt"), "kept");
    long totalBefore = bytes(harness.stats(volumeId, target)).getTotal();

    harness.growVolume(volumeId, toMib * MIB);
    assertThat(harness.expand(volumeId, target, toMib * MIB)).isEqualTo(toMib * MIB);
    assertThat(harness.expand(volumeId, target, toMib * MIB)).isEqualTo(toMib * MIB);

    long totalAfter = bytes(harness.stats(volumeId, target)).getTotal();
    assertThat(totalAfter).isGreaterThan(totalBefore + (toMib - fromMib) * MIB / 2);
    assertThat(Files.getFileStore(target).getTotalSpace()).isEqualTo(totalAfter);
    assertThat(Files.readString(target.resolve("before.txt"))).isEqualTo("kept");
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void expandingBeyondTheBackingFileIsFailedPrecondition() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.stageAndPublish(volumeId, mount("ext4"));

    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        "expand it with the controller first",
        () -> harness.expand(volumeId, target, 128 * MIB));
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void statsReportBytesAndInodesOfTheFileSystem() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.stageAndPublish(volumeId, mount("ext4"));
    Files.write(target.resolve("one-mib"), new byte[(int) MIB]);

    NodeGetVolumeStatsResponse stats = harness.stats(volumeId, target);

    VolumeUsage bytes = bytes(stats);
    assertThat(bytes.getTotal()).isBetween(50 * MIB, 64 * MIB);
    assertThat(bytes.getUsed()).isGreaterThanOrEqualTo(MIB);
    assertThat(bytes.getAvailable()).isLessThan(bytes.getTotal() - MIB);
    VolumeUsage inodes =
        stats.getUsageList().stream()
            .filter(u -> u.getUnit() == VolumeUsage.Unit.INODES)
            .findFirst()
            .orElseThrow();
    assertThat(inodes.getTotal()).isPositive();
    assertThat(inodes.getUsed()).isPositive();
    assertThat(inodes.getAvailable() + inodes.getUsed()).isEqualTo(inodes.getTotal());
    assertThat(stats.getVolumeCondition().getAbnormal()).isFalse();
    assertThat(harness.stats(volumeId, harness.staging(volumeId)).getUsageCount()).isEqualTo(2);
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void removedBackingFileMakesTheConditionAbnormal() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.stageAndPublish(volumeId, mount("ext4"));

    Files.delete(harness.backingFile(volumeId));

    NodeGetVolumeStatsResponse stats = harness.stats(volumeId, target);
    assertThat(stats.getVolumeCondition().getAbnormal()).isTrue();
    assertThat(stats.getVolumeCondition().getMessage()).contains("was removed");
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void loopDeviceDetachedWhileMountedMakesTheConditionAbnormal() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.stageAndPublish(volumeId, mount("ext4"));

    Leftovers.detachLoopDevicesOf(harness.backingFile(volumeId));

    NodeGetVolumeStatsResponse stats = harness.stats(volumeId, target);
    assertThat(stats.getVolumeCondition().getAbnormal()).isTrue();
    assertThat(stats.getVolumeCondition().getMessage()).contains("detached");
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void targetUnmountedBehindKubeletsBackIsNotFoundWithAHint() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.stageAndPublish(volumeId, mount("ext4"));
    Leftovers.unmount(target);

    assertFailsWith(
        Status.Code.NOT_FOUND,
        "was this mount removed behind kubelet's back?",
        () -> harness.stats(volumeId, target));
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void statsOfAPathThatIsNotOursIsNotFound() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.stageAndPublish(volumeId, mount("ext4"));
    String otherVolume = harness.newVolume(64 * MIB);

    assertFailsWith(
        Status.Code.NOT_FOUND,
        "is mounted from /dev/loop",
        () -> harness.stats(otherVolume, target));
    Path plainDir = Files.createDirectories(harness.kubeletDir.resolve("plain"));
    assertFailsWith(
        Status.Code.NOT_FOUND,
        "volume " + otherVolume + " is not mounted at " + plainDir,
        () -> harness.stats(otherVolume, plainDir));
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void mkfsOptionsFromTheVolumeContextShapeTheFileSystem() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.target(volumeId, "pod");
    harness.node.nodeStageVolume(
        harness
            .stageRequest(volumeId, mount("ext4"))
            .putVolumeContext("numberOfInodes", "2048")
            .putVolumeContext("blockSize", "1024")
            .build());
    harness.publish(volumeId, mount("ext4"), target, false);

    NodeGetVolumeStatsResponse stats = harness.stats(volumeId, target);

    VolumeUsage inodes =
        stats.getUsageList().stream()
            .filter(u -> u.getUnit() == VolumeUsage.Unit.INODES)
            .findFirst()
            .orElseThrow();
    assertThat(inodes.getTotal()).isBetween(2048L, 4096L);
    assertThat(Files.getFileStore(target).getBlockSize()).isEqualTo(1024);
    harness.unpublishAndUnstage(volumeId);
  }

  private static VolumeUsage bytes(NodeGetVolumeStatsResponse stats) {
    return stats.getUsageList().stream()
        .filter(u -> u.getUnit() == VolumeUsage.Unit.BYTES)
        .findFirst()
        .orElseThrow();
  }
}
