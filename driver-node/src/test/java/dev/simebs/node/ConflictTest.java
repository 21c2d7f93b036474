package dev.simebs.node;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests that clash with what is already on the node. */
class ConflictTest {

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

  @Test
  void stagingAgainWithAnotherFileSystemIsAlreadyExists() throws Exception {
    String volumeId = harness.newVolume(320 * MIB);
    harness.stage(volumeId, mount("ext4"));

    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        "staged there with ext4",
        () -> harness.stage(volumeId, mount("xfs")));
    harness.unstage(volumeId);
  }

  @Test
  void stagingAgainWithOtherMountFlagsIsAlreadyExists() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    harness.stage(volumeId, mount("ext4"));

    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        "other mount flags",
        () -> harness.stage(volumeId, mount("ext4", "ro")));
    harness.unstage(volumeId);
  }

  @Test
  void deviceHoldingAnotherFileSystemIsNeverReformatted() throws Exception {
    String volumeId = harness.newVolume(320 * MIB);
    harness.writeFile(volumeId, mount("ext4"), "precious.txt", "do not format");

    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        "already holds ext4",
        () -> harness.stage(volumeId, mount("xfs")));

    assertThat(Leftovers.under(harness.root)).isEmpty();
    Path target = harness.stageAndPublish(volumeId, mount("ext4"));
    assertThat(Files.readString(target.resolve("precious.txt"))).isEqualTo("do not format");
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void stagingPathMountedFromAnotherVolumeIsAlreadyExists() throws Exception {
    String first = harness.newVolume(64 * MIB);
    String second = harness.newVolume(64 * MIB);
    harness.stage(first, mount("ext4"));

    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        "which is not volume " + second,
        () ->
            harness.node.nodeStageVolume(
                harness
                    .stageRequest(second, mount("ext4"))
                    .setStagingTargetPath(harness.staging(first).toString())
                    .build()));
    harness.unstage(first);
  }

  @Test
  void targetMountedFromAnotherVolumeIsAlreadyExists() throws Exception {
    String first = harness.newVolume(64 * MIB);
    String second = harness.newVolume(64 * MIB);
    Path target = harness.target(first, "pod");
    harness.stage(first, mount("ext4"));
    harness.stage(second, mount("ext4"));
    harness.publish(first, mount("ext4"), target, false);

    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        "not from volume " + second,
        () -> harness.publish(second, mount("ext4"), target, false));
    harness.unpublishAndUnstage(first);
    harness.unstage(second);
  }

  @Test
  void publishingReadOnlyWhereItIsPublishedReadWriteIsAlreadyExists() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = harness.target(volumeId, "pod");
    harness.stage(volumeId, mount("ext4"));
    harness.publish(volumeId, mount("ext4"), target, false);

    assertFailsWith(
        Status.Code.ALREADY_EXISTS,
        "already published",
        () -> harness.publish(volumeId, mount("ext4"), target, true));
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void publishBeforeStageIsFailedPrecondition() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);

    assertFailsWith(
        Status.Code.FAILED_PRECONDITION,
        "call NodeStageVolume first",
        () -> harness.publish(volumeId, mount("ext4"), harness.target(volumeId, "pod"), false));
  }

  @Test
  void unpublishNeverUnmountsSomethingThatIsNotOurs() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    Path target = Files.createDirectories(harness.target(volumeId, "pod"));
    LinuxSystem system = new LinuxSystem();
    system.mount("tmpfs", target, "tmpfs", 0, "size=1m");
    try {
      assertFailsWith(
          Status.Code.FAILED_PRECONDITION,
          "refusing to unmount",
          () -> harness.unpublish(volumeId, target));
      assertThat(Leftovers.under(harness.root)).hasSize(1);
    } finally {
      Leftovers.unmount(target);
    }
  }

  @Test
  void unpublishAfterUnstageStillLetsGoOfTheLoopDevice() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    harness.stageAndPublish(volumeId, mount("ext4"));

    harness.unstage(volumeId);
    harness.unpublish(volumeId, harness.target(volumeId, "pod"));

    assertThat(Leftovers.under(harness.root)).isEmpty();
  }
}
