package dev.simebs.node;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.sys.Mount;
import dev.simebs.common.sys.MountTable;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mount options reach the kernel only from the documented list of each file system. */
class MountFlagsTest {

  private NodeHarness harness;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "mkfs.xfs");
    harness = NodeHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void errorsPanicIsRefusedBeforeAnythingIsAttached() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "volume_capability.mount.mount_flags: errors=panic is not allowed",
        () -> harness.stage(volumeId, mount("ext4", "noatime", "errors=panic")));
    assertThat(Leftovers.under(harness.root)).isEmpty();
    assertThat(harness.staging(volumeId)).doesNotExist();
  }

  @Test
  void optionsOnTheListReachTheFileSystemAndThePodsMount() throws Exception {
    String volumeId = harness.newVolume(64 * MIB);
    String[] flags = {"noatime,nosuid", "data=writeback", "commit=30"};
    harness.stage(volumeId, mount("ext4", flags));
    Path target = harness.target(volumeId, "pod");
    harness.publish(volumeId, mount("ext4", flags), target, false);

    Mount staged = MountTable.ofThisProcess().at(harness.staging(volumeId)).orElseThrow();
    assertThat(staged.mountOptions()).contains("noatime").contains("nosuid");
    assertThat(staged.superOptions()).contains("data=writeback").contains("commit=30");
    Mount published = MountTable.ofThisProcess().at(target).orElseThrow();
    assertThat(published.mountOptions()).contains("noatime").contains("nosuid").contains("rw");
    harness.unpublishAndUnstage(volumeId);
  }

  @Test
  void anOptionOfAnotherFileSystemIsRefusedOnceTheVolumesTypeIsKnown() throws Exception {
    String volumeId = harness.newVolume(320 * MIB);
    harness.stage(volumeId, mount("xfs"));
    harness.unstage(volumeId);

    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        "data=journal is not an allowed mount option of xfs, which volume " + volumeId + " holds",
        () -> harness.stage(volumeId, mount("", "data=journal")));
    assertThat(Leftovers.under(harness.root)).isEmpty();
  }
}
