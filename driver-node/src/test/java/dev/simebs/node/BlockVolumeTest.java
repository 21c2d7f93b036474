package dev.simebs.node;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.block;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.VolumeUsage;
import dev.simebs.common.sys.LoopDevicesTest;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.Status;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw block volumes: the loop device node bound onto the target file. */
class BlockVolumeTest {

  private NodeHarness harness;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeLoopDevicesAndMount();
    harness = NodeHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void bytesWrittenThroughOneTargetAreReadThroughTheOther() throws Exception {
    String volumeId = harness.newVolume(32 * MIB);
    Path writer = harness.target(volumeId, "pod-writer");
    Path reader = harness.target(volumeId, "pod-reader");
    harness.stage(volumeId, block());
    harness.stage(volumeId, block());
    harness.publish(volumeId, block(), writer, false);
    harness.publish(volumeId, block(), writer, false);
    harness.publish(volumeId, block(), reader, true);
    harness.publish(volumeId, block(), reader, true);

    byte[] data = "raw bytes on a block volume".getBytes(StandardCharsets.UTF_8);
    writeAt(writer, MIB, data);
    assertThat(readAt(reader, MIB, data.length)).isEqualTo(data);
    assertThatThrownBy(() -> LoopDevicesTest.writeOneByte(reader)).isInstanceOf(IOException.class);

    harness.unpublish(volumeId, reader);
    harness.unpublish(volumeId, reader);
    harness.unpublish(volumeId, writer);
    harness.unpublish(volumeId, writer);
    harness.unstage(volumeId);
    harness.unstage(volumeId);
    assertThat(Leftovers.under(harness.root)).isEmpty();
  }

  @Test
  void statsOfABlockVolumeIsItsSize() throws Exception {
    String volumeId = harness.newVolume(32 * MIB);
    Path target = harness.target(volumeId, "pod");
    harness.stage(volumeId, block());
    harness.publish(volumeId, block(), target, false);

    var stats = harness.stats(volumeId, target);

    assertThat(stats.getUsageList())
        .singleElement()
        .satisfies(
            usage -> {
              assertThat(usage.getUnit()).isEqualTo(VolumeUsage.Unit.BYTES);
              assertThat(usage.getTotal()).isEqualTo(32 * MIB);
            });
    assertThat(stats.getVolumeCondition().getAbnormal()).isFalse();
    assertThat(harness.stats(volumeId, harness.staging(volumeId)).getUsage(0).getTotal())
        .isEqualTo(32 * MIB);
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void expandingABlockVolumeRefreshesTheDeviceSize() throws Exception {
    String volumeId = harness.newVolume(32 * MIB);
    Path target = harness.target(volumeId, "pod");
    harness.stage(volumeId, block());
    harness.publish(volumeId, block(), target, false);

    harness.growVolume(volumeId, 48 * MIB);

    assertThat(harness.expand(volumeId, target, 48 * MIB)).isEqualTo(48 * MIB);
    assertThat(harness.expand(volumeId, target, 48 * MIB)).isEqualTo(48 * MIB);
    try (RandomAccessFile device = new RandomAccessFile(target.toFile(), "r")) {
      assertThat(device.length()).isEqualTo(48 * MIB);
    }
    harness.unpublishAndUnstage(volumeId);
  }

  /**
   * kubelet calls NodeExpandVolume with the published device as volume_path: every device a pod
   * reads through (the staged one, and the read-only one of a read-only publish) shows the new
   * size, and bytes written beyond the old end are read back through the other device.
   */
  @Test
  void expandingABlockVolumeGrowsEveryPublishedDevice() throws Exception {
    String volumeId = harness.newVolume(32 * MIB);
    Path writer = harness.target(volumeId, "pod-writer");
    Path reader = harness.target(volumeId, "pod-reader");
    harness.stage(volumeId, block());
    harness.publish(volumeId, block(), writer, false);
    harness.publish(volumeId, block(), reader, true);
    harness.growVolume(volumeId, 48 * MIB);

    assertThat(harness.expand(volumeId, writer, 48 * MIB)).isEqualTo(48 * MIB);

    byte[] data = "beyond the old end".getBytes(StandardCharsets.UTF_8);
    assertThat(sizeOf(writer)).isEqualTo(48 * MIB);
    assertThat(sizeOf(reader)).isEqualTo(48 * MIB);
    writeAt(writer, 40 * MIB, data);
    assertThat(readAt(reader, 40 * MIB, data.length)).isEqualTo(data);
    assertThat(harness.expand(volumeId, harness.staging(volumeId), 48 * MIB))
        .isEqualTo(48 * MIB);
    harness.unpublish(volumeId, reader);
    harness.unpublish(volumeId, writer);
    harness.unstage(volumeId);
  }

  @Test
  void loopDeviceDetachedBehindOurBackMakesTheConditionAbnormal() throws Exception {
    String volumeId = harness.newVolume(32 * MIB);
    Path target = harness.target(volumeId, "pod");
    harness.stage(volumeId, block());
    harness.publish(volumeId, block(), target, false);

    Leftovers.detachLoopDevicesOf(harness.backingFile(volumeId));

    var stats = harness.stats(volumeId, target);
    assertThat(stats.getVolumeCondition().getAbnormal()).isTrue();
    assertThat(stats.getVolumeCondition().getMessage()).contains("detached");
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void stagingAsBlockWhereAFileSystemIsStagedIsAlreadyExists() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "blkid");
    String volumeId = harness.newVolume(32 * MIB);
    harness.stage(volumeId, mount("ext4"));

    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        "file system is mounted",
        () -> harness.stage(volumeId, block()));
    harness.unstage(volumeId);
  }

  @Test
  void blockVolumeIsNeverFormatted() throws Exception {
    String volumeId = harness.newVolume(32 * MIB);
    Path target = harness.target(volumeId, "pod");
    harness.stage(volumeId, block());
    harness.publish(volumeId, block(), target, false);

    byte[] firstBlock = new byte[4096];
    try (RandomAccessFile device = new RandomAccessFile(target.toFile(), "r")) {
      device.readFully(firstBlock);
    }
    assertThat(Arrays.equals(firstBlock, new byte[4096])).isTrue();
    harness.unpublishAndUnstage(volumeId);
  }

  private static void writeAt(Path device, long offset, byte[] data) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(device.toFile(), "rw")) {
      file.seek(offset);
      file.write(data);
      file.getFD().sync();
    }
  }

  private static byte[] readAt(Path device, long offset, int length) throws IOException {
    byte[] read = new byte[length];
    try (RandomAccessFile file = new RandomAccessFile(device.toFile(), "r")) {
      file.seek(offset);
      file.readFully(read);
    }
    return read;
  }

  private static long sizeOf(Path device) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(device.toFile(), "r")) {
      return file.length();
    }
  }
}
