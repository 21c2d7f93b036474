package dev.simebs.node;

import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.VolumeCapability;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.sys.ToolRunner;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.node.testing.LoopDetacher;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole file-system path on real loop devices, mkfs and mounts, every call repeated. */
class FilesystemLifecycleTest {

  private NodeHarness harness;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "mkfs.xfs", "blkid");
    harness = NodeHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"ext4, 64", "xfs, 320"})
  void stagedVolumeIsSharedByAReadWriteAndAReadOnlyTarget(String fsType, long sizeMib)
      throws Exception {
    String volumeId = harness.newVolume(sizeMib * MIB);
    VolumeCapability capability = mount(fsType);
    Path writer = harness.target(volumeId, "pod-writer");
    Path reader = harness.target(volumeId, "pod-reader");

    harness.stage(volumeId, capability);
    harness.stage(volumeId, capability);
    harness.publish(volumeId, capability, writer, false);
    harness.publish(volumeId, capability, writer, false);
    harness.publish(volumeId, capability, reader, true);
    harness.publish(volumeId, capability, reader, true);

    Files.writeString(writer.resolve("hello.txt"), "written through " + fsType);
    assertThat(Files.readString(reader.resolve("hello.txt")))
        .isEqualTo("written through " + fsType);
    assertThat(Files.getFileStore(writer).type()).isEqualTo(fsType);
    assertThatThrownBy(() -> Files.writeString(reader.resolve("nope.txt"), "x"))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("Read-only file system");

    harness.unpublish(volumeId, reader);
    harness.unpublish(volumeId, reader);
    harness.unpublish(volumeId, writer);
    harness.unpublish(volumeId, writer);
    assertThat(writer).doesNotExist();
    harness.unstage(volumeId);
    harness.unstage(volumeId);
    assertThat(Leftovers.under(harness.root)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"ext4, 64", "xfs, 320"})
  void dataSurvivesUnstageAndStageAgain(String fsType, long sizeMib) throws Exception {
    String volumeId = harness.newVolume(sizeMib * MIB);
    harness.writeFile(volumeId, mount(fsType), "kept.txt", "still here");

    Path target = harness.stageAndPublish(volumeId, mount(fsType));

    assertThat(Files.readString(target.resolve("kept.txt"))).isEqualTo("still here");
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void cloneOfAnXfsVolumeMountsBesideItsSourceDespiteTheSharedUuid() throws Exception {
    String source = harness.newVolume(320 * MIB);
    harness.writeFile(source, mount("xfs"), "origin.txt", "cloned");
    String clone = harness.newVolume(MIB);
    Files.copy(
        harness.backingFile(source),
        harness.backingFile(clone),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    harness.stage(source, mount("xfs"));
    Path cloneTarget = harness.stageAndPublish(clone, mount("xfs"));

    assertThat(Files.readString(cloneTarget.resolve("origin.txt"))).isEqualTo("cloned");
    harness.unpublishAndUnstage(clone);
    harness.unstage(source);
  }

  @Test
  void stageReusesTheLoopDeviceThisNodeBoundToTheBackingFile() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    LoopDevice bound = harness.bindAs(volumeId, "node-1");

    harness.stage(volumeId, mount("ext4"));

    assertThat(Leftovers.under(harness.root))
        .filteredOn(entry -> entry.startsWith("loop device"))
        .containsExactly("loop device " + bound.path() + " over " + bound.backingFile());
    harness.unstage(volumeId);
  }

  @Test
  void stageNeverReusesALoopDeviceAnotherNodeBound() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    LoopDevice others = harness.bindAs(volumeId, "node-2");
    LoopDevices loops = new LoopDevices(new LinuxSystem());
    try {
      harness.stage(volumeId, mount("ext4"));
      harness.unstage(volumeId);

      assertThat(Leftovers.under(harness.root))
          .containsExactly("loop device " + others.path() + " over " + others.backingFile());
      assertThat(loops.read(others.number())).contains(others);
    } finally {
      LoopDetacher.detach(loops, others);
    }
  }

  @Test
  void freshExt4VolumeAllocatesOnlyItsMetadataInTheSparseFile() throws Exception {
    String volumeId = harness.newVolume(1024 * MIB);

    harness.stage(volumeId, mount("ext4"));
    harness.unstage(volumeId);

    ToolRunner tools = new ToolRunner(java.time.Duration.ofSeconds(30));
    String blocks =
        tools
            .check(List.of("stat", "-c", "%b", harness.backingFile(volumeId).toString()))
            .stdout()
            .strip();
    assertThat(Long.parseLong(blocks) * 512).isLessThan(4 * MIB);
  }
}
