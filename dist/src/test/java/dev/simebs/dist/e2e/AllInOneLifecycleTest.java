package dev.simebs.dist.e2e;

import static dev.simebs.dist.e2e.AllInOneDriver.GIB;
import static dev.simebs.dist.e2e.AllInOneDriver.block;
import static dev.simebs.dist.e2e.AllInOneDriver.fromSnapshot;
import static dev.simebs.dist.e2e.AllInOneDriver.fromVolume;
import static dev.simebs.dist.e2e.AllInOneDriver.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ListSnapshotsRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.Snapshot;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeUsage;
import dev.simebs.common.testing.HostRequirements;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workflow a cluster runs, through the all-in-one server's socket, on real loop devices and
 * file systems: data written through one volume is read back through its snapshot's restore
 * and its clone, and an online expansion is seen by the file system.
 */
class AllInOneLifecycleTest {

  @TempDir Path dir;
  private AllInOneDriver driver;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "mkfs.xfs");
    driver = AllInOneDriver.start(dir);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void dataWrittenThroughAVolumeIsReadBackFromItsSnapshotRestoreAndClone(String fsType)
      throws Exception {
    VolumeCapability capability = mount(fsType);
    Volume source = driver.create("source-" + fsType, GIB, capability);
    Path target = driver.target("writer");
    driver.attachAndMount(source, capability, target);
    Files.writeString(target.resolve("data.txt"), "written through " + fsType);
    syncFileSystem(target.resolve("data.txt"));

    Snapshot snapshot = driver.snapshot("snap-" + fsType, source.getVolumeId());
    assertThat(readyToUse(snapshot.getSnapshotId())).isTrue();
    Volume restored = driver.create("restored-" + fsType, GIB, capability, fromSnapshot(snapshot.getSnapshotId()));
    Volume clone = driver.create("clone-" + fsType, GIB, capability, fromVolume(source.getVolumeId()));

    Path restoredTarget = driver.target("restored");
    Path cloneTarget = driver.target("clone");
    driver.attachAndMount(restored, capability, restoredTarget);
    driver.attachAndMount(clone, capability, cloneTarget);
    assertThat(Files.readString(restoredTarget.resolve("data.txt"))).isEqualTo("written through " + fsType);
    assertThat(Files.readString(cloneTarget.resolve("data.txt"))).isEqualTo("written through " + fsType);

    driver.tearDown(clone, cloneTarget);
    driver.tearDown(restored, restoredTarget);
    driver.tearDown(source, target);
    driver.deleteSnapshot(snapshot.getSnapshotId());
    assertThat(target).doesNotExist();
  }

  @Test
  void secondReadOnlyPublishSeesTheDataAndRefusesWrites() throws Exception {
    VolumeCapability capability = mount("ext4");
    Volume volume = driver.create("two-targets", GIB, capability);
    Path writable = driver.target("rw");
    Path readOnly = driver.target("ro");
    var context = driver.attachAndMount(volume, capability, writable);
    driver.publish(volume, context, capability, readOnly, true);

    Files.writeString(writable.resolve("shared.txt"), "one file, two targets");
    assertThat(Files.readString(readOnly.resolve("shared.txt"))).isEqualTo("one file, two targets");
    assertThat(Files.isWritable(readOnly) && canCreate(readOnly.resolve("nope.txt"))).isFalse();

    driver.tearDown(volume, readOnly, writable);
  }

  @Test
  void rawBlockVolumeCarriesBytesThroughThePublishedDevice() throws Exception {
    VolumeCapability capability = block();
    Volume volume = driver.create("raw", GIB, capability);
    Path device = driver.target("block-pod");
    driver.attachAndMount(volume, capability, device);

    byte[] payload = "raw bytes at offset 4096".getBytes(StandardCharsets.US_ASCII);
    try (RandomAccessFile raw = new RandomAccessFile(device.toFile(), "rw")) {
      raw.seek(4096);
      raw.write(payload);
      raw.getFD().sync();
    }
    try (RandomAccessFile raw = new RandomAccessFile(device.toFile(), "r")) {
      byte[] read = new byte[payload.length];
      raw.seek(4096);
      raw.readFully(read);
      assertThat(read).isEqualTo(payload);
      assertThat(raw.length()).isEqualTo(GIB);
    }
    driver.tearDown(volume, device);
  }

  @Test
  void onlineExpansionGrowsTheMountedFileSystem() throws Exception {
    VolumeCapability capability = mount("xfs");
    Volume volume = driver.create("grow", GIB, capability);
    Path target = driver.target("grow");
    driver.attachAndMount(volume, capability, target);
    long before = totalBytes(volume, target);

    var expanded = driver.expand(volume, capability, target, 2 * GIB);
    assertThat(expanded.getCapacityBytes()).isEqualTo(2 * GIB);
    assertThat(expanded.getNodeExpansionRequired()).isTrue();

    assertThat(totalBytes(volume, target)).isGreaterThan(before + GIB / 2);
    driver.tearDown(volume, target);
  }

  private boolean readyToUse(String snapshotId) {
    return driver.controller
        .listSnapshots(ListSnapshotsRequest.newBuilder().setSnapshotId(snapshotId).build())
        .getEntries(0)
        .getSnapshot()
        .getReadyToUse();
  }

  private long totalBytes(Volume volume, Path target) {
    NodeGetVolumeStatsResponse stats =
        driver.node.nodeGetVolumeStats(
            NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setVolumePath(target.toString())
                .build());
    return stats.getUsageList().stream()
        .filter(u -> u.getUnit() == VolumeUsage.Unit.BYTES)
        .mapToLong(VolumeUsage::getTotal)
        .findFirst()
        .orElseThrow();
  }

  private static boolean canCreate(Path file) {
    try {
      Files.writeString(file, "x");
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }

  private static void syncFileSystem(Path file) throws java.io.IOException {
    try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }
}
