package dev.simebs.efs.node;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.efs.node.EfsCluster.publish;
import static dev.simebs.efs.node.EfsCluster.unpublish;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.Volume;
import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeUsage;
import dev.simebs.backend.api.SetMountTargetAvailableRequest;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two node plugins, each in a mount namespace of its own, publish the same volumes; "pods" are
 * processes inside a node's namespace running as some other uid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeSharingTest {

  @TempDir static Path dir;
  EfsCluster cluster;
  NodeInNamespace node1;
  NodeInNamespace node2;

  @BeforeAll
  void start() throws Exception {
    HostRequirements.assumeFuse();
    cluster = EfsCluster.start(dir);
    node1 = cluster.node("node-1");
    node2 = cluster.node("node-2");
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWriterOnOneNodeSeesTheOtherNodesFiles() throws Exception {
    Volume volume = cluster.createVolume("shared-rwx", "directoryPerms", "777");
    Path t1 = node1.target("pod-a");
    Path t2 = node2.target("pod-b");
    publish(node1, volume.getVolumeId(), t1, Mode.MULTI_NODE_MULTI_WRITER);
    publish(node2, volume.getVolumeId(), t2, Mode.MULTI_NODE_MULTI_WRITER);

    assertThat(node1.runAs(1000, 1000, "echo from-node-1 > " + t1 + "/one").ok()).isTrue();
    assertThat(node2.runAs(1001, 1001, "cat " + t2 + "/one").output()).isEqualTo("from-node-1");
    assertThat(node2.runAs(1001, 1001, "echo from-node-2 >> " + t2 + "/one && mkdir " + t2
        + "/dir && echo x > " + t2 + "/dir/two").ok()).isTrue();
    assertThat(node1.runAs(1000, 1000, "cat " + t1 + "/one; ls " + t1 + "/dir").output())
        .isEqualTo("from-node-1\nfrom-node-2\ntwo");

    unpublish(node1, volume.getVolumeId(), t1);
    unpublish(node2, volume.getVolumeId(), t2);
    assertThat(t1).doesNotExist();
  }

  @Test
  void everyWriteThroughAnAccessPointIsMadeAsItsPosixUser() throws Exception {
    Volume volume = cluster.createVolume("identity", "uid", "2000", "gid", "2000",
        "ensureUniqueDirectory", "false");
    Path target = node1.target("pod-id");
    publish(node1, volume.getVolumeId(), target, Mode.MULTI_NODE_MULTI_WRITER);
    Path root = cluster.backing("/identity");

    NodeInNamespace.Result write = node1.runAs(1000, 1000, "echo data > " + target + "/f && stat -c %u:%g "
        + target + "/f");
    assertThat(write.output()).isEqualTo("2000:2000");
    assertThat(Files.getAttribute(root.resolve("f"), "unix:uid")).isEqualTo(2000);
    assertThat(Files.getAttribute(root.resolve("f"), "unix:gid")).isEqualTo(2000);
    // Even root in the pod is the access point's user: a directory only root may write stays shut.
    Path rootOnly = Files.createDirectory(root.resolve("root-only"));
    assertThat(node1.runAs(0, 0, "touch " + target + "/root-only/x").ok()).isFalse();
    assertThat(rootOnly.resolve("x")).doesNotExist();
    assertThat(node1.runAs(0, 0, "touch " + target + "/by-root && stat -c %u " + target
        + "/by-root").output()).isEqualTo("2000");

    unpublish(node1, volume.getVolumeId(), target);
  }

  @Test
  void nothingOutsideTheAccessPointRootCanBeReached() throws Exception {
    Volume volume = cluster.createVolume("confined", "uid", "2000", "gid", "2000",
        "ensureUniqueDirectory", "false", "basePath", "/tenants");
    Files.writeString(Files.createDirectories(cluster.backing("/tenants")).resolve("secret"),
        "other tenant");
    Path target = node1.target("pod-confined");
    publish(node1, volume.getVolumeId(), target, Mode.MULTI_NODE_MULTI_WRITER);

    NodeInNamespace.Result escape = node1.runAs(1000, 1000, String.join("; ",
        "cat " + target + "/../secret",
        "ln -s ../secret " + target + "/up && cat " + target + "/up",
        "ln -s ../../secret " + target + "/upup && cat " + target + "/upup",
        "cd " + target + " && cd .. && ls"));
    assertThat(escape.output()).doesNotContain("other tenant");
    assertThat(node1.runAs(1000, 1000, "ls -a " + target).output().lines())
        .containsExactlyInAnyOrder(".", "..", "up", "upup");
    // The links were made inside the root, as the access point's user, and point nowhere there.
    assertThat(Files.readSymbolicLink(cluster.backing("/tenants/confined/up")))
        .isEqualTo(Path.of("../secret"));

    unpublish(node1, volume.getVolumeId(), target);
  }

  @Test
  void aReadOnlyPublicationRefusesWrites() throws Exception {
    Volume volume = cluster.createVolume("rox", "directoryPerms", "777");
    Path writer = node1.target("pod-w");
    Path reader = node2.target("pod-r");
    publish(node1, volume.getVolumeId(), writer, Mode.MULTI_NODE_MULTI_WRITER);
    publish(node2, volume.getVolumeId(), reader, Mode.MULTI_NODE_READER_ONLY);
    node1.runAs(1000, 1000, "echo shared > " + writer + "/f");

    assertThat(node2.runAs(1000, 1000, "cat " + reader + "/f").output()).isEqualTo("shared");
    NodeInNamespace.Result write = node2.runAs(1000, 1000, "echo no > " + reader + "/g");
    assertThat(write.ok()).isFalse();
    assertThat(write.output()).contains("Read-only file system");

    unpublish(node1, volume.getVolumeId(), writer);
    unpublish(node2, volume.getVolumeId(), reader);
  }

  @Test
  void aRepeatedPublishIsIdempotentAndAnotherVolumeAtTheTargetIsAlreadyExists() throws Exception {
    Volume a = cluster.createVolume("repeat-a");
    Volume b = cluster.createVolume("repeat-b");
    Path target = node1.target("pod-repeat");
    publish(node1, a.getVolumeId(), target, Mode.MULTI_NODE_MULTI_WRITER);
    publish(node1, a.getVolumeId(), target, Mode.MULTI_NODE_MULTI_WRITER);

    assertFailsWith(Status.Code.ALREADY_EXISTS,
        () -> publish(node1, b.getVolumeId(), target, Mode.MULTI_NODE_MULTI_WRITER));
    assertFailsWith(Status.Code.ALREADY_EXISTS,
        () -> publish(node1, a.getVolumeId(), target, Mode.MULTI_NODE_READER_ONLY));

    unpublish(node1, a.getVolumeId(), target);
    unpublish(node1, a.getVolumeId(), target);
  }

  @Test
  void statsReportTheVolumesUsage() throws Exception {
    Volume volume = cluster.createVolume("stats", "directoryPerms", "777");
    Path target = node2.target("pod-stats");
    publish(node2, volume.getVolumeId(), target, Mode.MULTI_NODE_MULTI_WRITER);
    node2.runAs(1000, 1000, "head -c 10000 /dev/zero > " + target + "/blob");

    NodeGetVolumeStatsResponse stats = node2.node().nodeGetVolumeStats(
        NodeGetVolumeStatsRequest.newBuilder().setVolumeId(volume.getVolumeId())
            .setVolumePath(target.toString()).build());

    VolumeUsage bytes = stats.getUsage(0);
    assertThat(bytes.getUnit()).isEqualTo(VolumeUsage.Unit.BYTES);
    assertThat(bytes.getUsed()).isEqualTo(4096 + 12288);
    assertThat(bytes.getTotal()).isPositive();
    assertThat(stats.getVolumeCondition().getAbnormal()).isFalse();
    assertFailsWith(Status.Code.NOT_FOUND, () -> node1.node().nodeGetVolumeStats(
        NodeGetVolumeStatsRequest.newBuilder().setVolumeId(volume.getVolumeId())
            .setVolumePath(target.toString()).build()));

    unpublish(node2, volume.getVolumeId(), target);
  }

  @Test
  void aMountTargetDownIsUnavailableAndAOneZoneFileSystemElsewhereAPrecondition()
      throws Exception {
    Volume volume = cluster.createVolume("down");
    String fs = VolumeHandle.parse(volume.getVolumeId()).fileSystemId();
    cluster.backend().fileSystemAdmin().setMountTargetAvailable(SetMountTargetAvailableRequest
        .newBuilder().setFileSystemId(fs).setZone("sim-a").setAvailable(false).build());
    try {
      assertFailsWith(Status.Code.UNAVAILABLE, () -> publish(node1, volume.getVolumeId(),
          node1.target("pod-down"), Mode.MULTI_NODE_MULTI_WRITER))
          .contains("MOUNT_TARGET_UNAVAILABLE");
    } finally {
      cluster.backend().fileSystemAdmin().setMountTargetAvailable(SetMountTargetAvailableRequest
          .newBuilder().setFileSystemId(fs).setZone("sim-a").setAvailable(true).build());
    }
    String oneZone = cluster.backend().fileSystems().createFileSystem(
        dev.simebs.backend.api.CreateFileSystemRequest.newBuilder().setCreationToken("b-only")
            .setAvailabilityZone("sim-b").build()).getFileSystem().getFileSystemId();
    assertFailsWith(Status.Code.FAILED_PRECONDITION, () -> publish(node1, oneZone,
        node1.target("pod-zone"), Mode.MULTI_NODE_MULTI_WRITER))
        .contains("sim-b");
  }
}
