package dev.simebs.efs.node;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.efs.node.EfsCluster.publish;
import static dev.simebs.efs.node.EfsCluster.unpublish;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.CreationInfo;
import dev.simebs.backend.api.PosixUser;
import dev.simebs.backend.api.RootDirectory;
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
 * Statically provisioned volumes: a PersistentVolume names a file system in one of the four
 * handle forms, and the node mounts what it names, or says precisely what is wrong. Also: a node
 * plugin killed with SIGKILL serves its mounts again when it comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticVolumesTest {

  @TempDir static Path dir;
  EfsCluster cluster;
  NodeInNamespace node;
  AccessPoint accessPoint;

  @BeforeAll
  void start() throws Exception {
    HostRequirements.assumeFuse();
    cluster = EfsCluster.start(dir);
    node = cluster.node("node-static");
    Files.writeString(Files.createDirectories(cluster.backing("/team/reports")).resolve("q1"),
        "numbers");
    Files.writeString(cluster.backing("/top"), "at the root");
    // An existing root directory keeps its owner, as with EFS: give it to the access point's user.
    Files.setAttribute(cluster.backing("/team"), "unix:uid", 3000);
    Files.setAttribute(cluster.backing("/team"), "unix:gid", 3000);
    accessPoint = cluster.backend().fileSystems().createAccessPoint(CreateAccessPointRequest
        .newBuilder().setFileSystemId(cluster.fileSystemId())
        .setPosixUser(PosixUser.newBuilder().setUid(3000).setGid(3000))
        .setRootDirectory(RootDirectory.newBuilder().setPath("/team").setCreationInfo(
            CreationInfo.newBuilder().setOwnerUid(3000).setOwnerGid(3000).setPermissions("755")))
        .build()).getAccessPoint();
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private String fs() {
    return cluster.fileSystemId();
  }

  private String ap() {
    return accessPoint.getAccessPointId();
  }

  /** Publishes {@code handle}, lists the target as a pod would, unpublishes. */
  private String listThrough(String handle, String pod) throws Exception {
    Path target = node.target(pod);
    publish(node, handle, target, Mode.MULTI_NODE_MULTI_WRITER);
    try {
      return node.runAs(1000, 1000, "ls " + target).output();
    } finally {
      unpublish(node, handle, target);
    }
  }

  @Test
  void theFileSystemRootIsMountedFromItsId() throws Exception {
    assertThat(listThrough(fs(), "whole").lines()).contains("team", "top");
  }

  @Test
  void aSubPathIsMountedFromIdColonPath() throws Exception {
    assertThat(listThrough(fs() + ":/team/reports", "sub")).isEqualTo("q1");
  }

  @Test
  void anAccessPointRootIsMountedFromIdColonColonAccessPoint() throws Exception {
    Path target = node.target("ap");
    String handle = fs() + "::" + ap();
    publish(node, handle, target, Mode.MULTI_NODE_MULTI_WRITER);
    try {
      assertThat(node.runAs(1000, 1000, "ls " + target).output().lines())
          .contains("reports").doesNotContain("team", "top");
      assertThat(node.runAs(1000, 1000, "touch " + target + "/new && stat -c %u " + target
          + "/new").output()).isEqualTo("3000");
    } finally {
      unpublish(node, handle, target);
    }
  }

  @Test
  void aSubPathBelowAnAccessPointIsMountedFromTheFullForm() throws Exception {
    assertThat(listThrough(fs() + ":/reports:" + ap(), "ap-sub")).isEqualTo("q1");
  }

  @Test
  void aMalformedHandleIsInvalidArgumentNamingTheForms() {
    for (String bad : new String[] {"fs-12", fs() + ":reports", fs() + ":/a/../b",
        fs() + ":/a:fsap-1", "vol-0123456789abcdef0"}) {
      assertFailsWith(Status.Code.INVALID_ARGUMENT,
          () -> publish(node, bad, node.target("bad"), Mode.MULTI_NODE_MULTI_WRITER))
          .contains(VolumeHandle.FORMS);
    }
  }

  @Test
  void aMissingFileSystemAccessPointOrSubPathIsNotFound() {
    assertFailsWith(Status.Code.NOT_FOUND, () -> publish(node, "fs-00000000000000000",
        node.target("nf"), Mode.MULTI_NODE_MULTI_WRITER)).contains("fs-00000000000000000");
    assertFailsWith(Status.Code.NOT_FOUND, () -> publish(node, fs() + "::fsap-00000000000000000",
        node.target("nf"), Mode.MULTI_NODE_MULTI_WRITER)).contains("fsap-00000000000000000");
    assertFailsWith(Status.Code.NOT_FOUND, () -> publish(node, fs() + ":/no/such",
        node.target("nf"), Mode.MULTI_NODE_MULTI_WRITER)).contains("/no/such");
    assertFailsWith(Status.Code.NOT_FOUND, () -> publish(node, fs() + ":/nope:" + ap(),
        node.target("nf"), Mode.MULTI_NODE_MULTI_WRITER)).contains("/team/nope");
    assertThat(node.target("nf")).doesNotExist();
  }

  @Test
  void aSubPathThroughASymbolicLinkIsNotFollowed() throws Exception {
    Files.createSymbolicLink(cluster.backing("/shortcut"), Path.of("team/reports"));

    assertFailsWith(Status.Code.NOT_FOUND, () -> publish(node, fs() + ":/shortcut",
        node.target("link"), Mode.MULTI_NODE_MULTI_WRITER)).contains("symbolic link");
  }

  @Test
  void aKilledPluginServesItsMountsAgainWhenItComesBack() throws Exception {
    Path target = node.target("survivor");
    String handle = fs() + "::" + ap();
    publish(node, handle, target, Mode.MULTI_NODE_MULTI_WRITER);
    assertThat(node.runAs(1000, 1000, "echo before > " + target + "/kept").ok()).isTrue();

    node.killPlugin();
    assertThat(node.runAs(1000, 1000, "cat " + target + "/kept").output())
        .contains("Transport endpoint is not connected");
    node.startPlugin();

    assertThat(node.runAs(1000, 1000, "cat " + target + "/kept").output()).isEqualTo("before");
    assertThat(node.runAs(1000, 1000, "echo after > " + target + "/more && stat -c %u "
        + target + "/more").output()).isEqualTo("3000");
    publish(node, handle, target, Mode.MULTI_NODE_MULTI_WRITER); // kubelet's repeat: same mount
    unpublish(node, handle, target);
    assertThat(target).doesNotExist();
  }
}
