package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.CreationInfo;
import dev.simebs.backend.api.DeleteAccessPointRequest;
import dev.simebs.backend.api.DeleteFileSystemRequest;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.DescribeAccessPointsResponse;
import dev.simebs.backend.api.DescribeFileSystemsRequest;
import dev.simebs.backend.api.DescribeMountTargetsRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.LifeCycleState;
import dev.simebs.backend.api.MountRequest;
import dev.simebs.backend.api.MountResponse;
import dev.simebs.backend.api.MountTarget;
import dev.simebs.backend.api.PosixUser;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.RootDirectory;
import dev.simebs.backend.api.SetMountTargetAvailableRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.ThrottleRule;
import dev.simebs.backend.filesystems.FileSystemSettings;
import dev.simebs.common.testing.HostRequirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemsTest {

  @TempDir Path dataDir;
  TestBackend backend;

  private TestBackend open(UnaryOperator<FileSystemSettings> settings) throws IOException {
    backend = new TestBackend(BackendConfig.defaults(dataDir)
        .withFileSystems(settings.apply(FileSystemSettings.defaults()
            .withSizeRefresh(Duration.ZERO))));
    return backend;
  }

  private TestBackend open() throws IOException {
    return open(s -> s);
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private FileSystem createFileSystem(String token) {
    return createFileSystem(r -> r.setCreationToken(token));
  }

  private FileSystem createFileSystem(UnaryOperator<CreateFileSystemRequest.Builder> request) {
    return backend.fileSystems()
        .createFileSystem(request.apply(CreateFileSystemRequest.newBuilder()).build())
        .getFileSystem();
  }

  private AccessPoint createAccessPoint(String fsId, String token, String path) {
    return backend.fileSystems().createAccessPoint(CreateAccessPointRequest.newBuilder()
        .setFileSystemId(fsId)
        .setClientToken(token)
        .setPosixUser(PosixUser.newBuilder().setUid(2000).setGid(2000))
        .setRootDirectory(RootDirectory.newBuilder().setPath(path)
            .setCreationInfo(CreationInfo.newBuilder()
                .setOwnerUid(2000).setOwnerGid(2000).setPermissions("0750")))
        .build()).getAccessPoint();
  }

  private MountResponse mount(String fsId, String apId, String zone) {
    return backend.fileSystems().mount(MountRequest.newBuilder()
        .setFileSystemId(fsId).setAccessPointId(apId).setZone(zone).setNodeId("n1").build());
  }

  private FileSystem describe(String fsId) {
    return backend.fileSystems().describeFileSystems(DescribeFileSystemsRequest.newBuilder()
        .addFileSystemIds(fsId).build()).getFileSystems(0);
  }

  @Test
  void createdFileSystemIsAvailableWithAMountTargetPerZoneAndAnEmptyTree() throws IOException {
    open();
    FileSystem fs = createFileSystem("team-a");

    assertThat(ResourceIds.FILE_SYSTEM.isValid(fs.getFileSystemId())).isTrue();
    assertThat(fs.getState()).isEqualTo(LifeCycleState.LIFE_CYCLE_AVAILABLE);
    assertThat(fs.getNumberOfMountTargets()).isEqualTo(2);
    assertThat(backend.fileSystems().describeMountTargets(DescribeMountTargetsRequest.newBuilder()
            .setFileSystemId(fs.getFileSystemId()).build()).getMountTargetsList())
        .extracting(MountTarget::getAvailabilityZone).containsExactly("sim-a", "sim-b");
    Path root = dataDir.resolve("filesystems").resolve(fs.getFileSystemId());
    assertThat(root).isEmptyDirectory();
  }

  @Test
  void sameCreationTokenIsTheSameFileSystemAndOtherParametersAMismatch() throws IOException {
    open();
    FileSystem first = createFileSystem("team-a");

    assertThat(createFileSystem("team-a").getFileSystemId()).isEqualTo(first.getFileSystemId());
    assertFails(ErrorReason.IDEMPOTENT_PARAMETER_MISMATCH,
        () -> createFileSystem(r -> r.setCreationToken("team-a").setEncrypted(true)));
  }

  @Test
  void oneZoneFileSystemCanOnlyBeMountedInItsZone() throws IOException {
    open();
    FileSystem fs = createFileSystem(r -> r.setCreationToken("one").setAvailabilityZone("sim-b"));

    assertThat(fs.getNumberOfMountTargets()).isEqualTo(1);
    assertThat(mount(fs.getFileSystemId(), "", "sim-b").getRootPath()).isEqualTo("/");
    assertFails(ErrorReason.MOUNT_TARGET_NOT_FOUND, () -> mount(fs.getFileSystemId(), "", "sim-a"));
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> createFileSystem(r -> r.setCreationToken("x").setAvailabilityZone("mars-1")));
  }

  @Test
  void accessPointsBeyondTheQuotaAreRefused() throws IOException {
    open(s -> s.withAccessPointLimit(2));
    String fs = createFileSystem("team-a").getFileSystemId();
    createAccessPoint(fs, "t1", "/a");
    createAccessPoint(fs, "t2", "/b");

    assertFails(ErrorReason.ACCESS_POINT_LIMIT_EXCEEDED, () -> createAccessPoint(fs, "t3", "/c"));
    // A repeat of an existing one is no new access point.
    assertThat(createAccessPoint(fs, "t2", "/b").getRootDirectory().getPath()).isEqualTo("/b");
  }

  @Test
  void accessPointCreateIsIdempotentByClientToken() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    AccessPoint first = createAccessPoint(fs, "token-1", "/data");

    assertThat(createAccessPoint(fs, "token-1", "/data").getAccessPointId())
        .isEqualTo(first.getAccessPointId());
    assertFails(ErrorReason.IDEMPOTENT_PARAMETER_MISMATCH,
        () -> createAccessPoint(fs, "token-1", "/other"));
  }

  @Test
  void badAccessPointRequestsNameTheField() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();

    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> createAccessPoint(fs, "t", "/a/../b"))
        .hasMessageContaining("root_directory.path");
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> createAccessPoint(fs, "t", "relative"))
        .hasMessageContaining("not absolute");
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.fileSystems()
        .createAccessPoint(CreateAccessPointRequest.newBuilder().setFileSystemId(fs)
            .setPosixUser(PosixUser.newBuilder().setUid(-1)).build()))
        .hasMessageContaining("posix_user.uid");
    assertFails(ErrorReason.FILE_SYSTEM_NOT_FOUND,
        () -> createAccessPoint(ResourceIds.FILE_SYSTEM.newId(), "t", "/a"));
  }

  @Test
  void firstMountThroughAnAccessPointCreatesItsRootDirectoryFromTheCreationInfo()
      throws IOException {
    HostRequirements.assumeRoot();
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    AccessPoint ap = createAccessPoint(fs, "t", "/dynamic/pvc-1");
    Path dir = dataDir.resolve("filesystems").resolve(fs).resolve("dynamic/pvc-1");
    assertThat(dir).doesNotExist();

    MountResponse mounted = mount(fs, ap.getAccessPointId(), "sim-a");

    assertThat(mounted.getRootPath()).isEqualTo("/dynamic/pvc-1");
    assertThat(mounted.getPosixUser().getUid()).isEqualTo(2000);
    for (Path created : new Path[] {dir, dir.getParent()}) {
      assertThat(Files.getAttribute(created, "unix:uid")).isEqualTo(2000);
      assertThat(Files.getAttribute(created, "unix:gid")).isEqualTo(2000);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
          .isEqualTo("rwxr-x---");
    }
    assertThat(mount(fs, ap.getAccessPointId(), "sim-b").getRootPath()).isEqualTo("/dynamic/pvc-1");
  }

  @Test
  void aSymbolicLinkInTheRootPathIsNeverFollowed() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    Path outside = Files.createDirectory(dataDir.resolve("outside"));
    Files.createSymbolicLink(dataDir.resolve("filesystems").resolve(fs).resolve("link"), outside);
    AccessPoint ap = createAccessPoint(fs, "t", "/link/escape");

    assertFails(ErrorReason.INCORRECT_STATE, () -> mount(fs, ap.getAccessPointId(), "sim-a"))
        .hasMessageContaining("not a directory");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void aMissingRootDirectoryWithoutCreationInfoCannotBeMounted() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    AccessPoint ap = backend.fileSystems().createAccessPoint(CreateAccessPointRequest.newBuilder()
        .setFileSystemId(fs).setRootDirectory(RootDirectory.newBuilder().setPath("/none"))
        .build()).getAccessPoint();

    assertFails(ErrorReason.INCORRECT_STATE, () -> mount(fs, ap.getAccessPointId(), "sim-a"))
        .hasMessageContaining("no creation info");
  }

  @Test
  void aMountTargetTakenDownRefusesMountsUntilItIsBack() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    backend.fileSystemAdmin().setMountTargetAvailable(SetMountTargetAvailableRequest.newBuilder()
        .setFileSystemId(fs).setZone("sim-a").setAvailable(false).build());

    assertFails(ErrorReason.MOUNT_TARGET_UNAVAILABLE, () -> mount(fs, "", "sim-a"));
    assertThat(mount(fs, "", "sim-b").getRootPath()).isEqualTo("/");

    backend.fileSystemAdmin().setMountTargetAvailable(SetMountTargetAvailableRequest.newBuilder()
        .setFileSystemId(fs).setZone("sim-a").setAvailable(true).build());
    assertThat(mount(fs, "", "sim-a").getRootPath()).isEqualTo("/");
  }

  @Test
  void anAccessPointOfAnotherFileSystemIsNotFound() throws IOException {
    open();
    String a = createFileSystem("a").getFileSystemId();
    String b = createFileSystem("b").getFileSystemId();
    AccessPoint ofB = createAccessPoint(b, "t", "/x");

    assertFails(ErrorReason.ACCESS_POINT_NOT_FOUND, () -> mount(a, ofB.getAccessPointId(), "sim-a"));
  }

  @Test
  void aFileSystemWithAccessPointsCannotBeDeletedAndDeletionRemovesTheTree() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    AccessPoint ap = createAccessPoint(fs, "t", "/x");
    Path root = dataDir.resolve("filesystems").resolve(fs);
    Files.writeString(Files.createDirectories(root.resolve("x")).resolve("data"), "payload");

    assertFails(ErrorReason.FILE_SYSTEM_IN_USE, () -> backend.fileSystems().deleteFileSystem(
        DeleteFileSystemRequest.newBuilder().setFileSystemId(fs).build()));

    backend.fileSystems().deleteAccessPoint(
        DeleteAccessPointRequest.newBuilder().setAccessPointId(ap.getAccessPointId()).build());
    assertThat(root.resolve("x/data")).hasContent("payload");
    backend.fileSystems().deleteFileSystem(
        DeleteFileSystemRequest.newBuilder().setFileSystemId(fs).build());
    assertThat(root).doesNotExist();
    assertFails(ErrorReason.FILE_SYSTEM_NOT_FOUND, () -> describe(fs));
  }

  @Test
  void meteredSizeFollowsTheDataWritten() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    long empty = describe(fs).getSizeBytes();
    Files.write(dataDir.resolve("filesystems").resolve(fs).resolve("blob"), new byte[10_000]);

    assertThat(describe(fs).getSizeBytes()).isEqualTo(empty + 12_288);
  }

  @Test
  void accessPointsAreDescribedByFileSystemInPagesAndByClientToken() throws IOException {
    open();
    String a = createFileSystem("a").getFileSystemId();
    String b = createFileSystem("b").getFileSystemId();
    for (int i = 0; i < 5; i++) {
      createAccessPoint(a, "a" + i, "/a" + i);
    }
    createAccessPoint(b, "b0", "/b0");

    DescribeAccessPointsResponse page = backend.fileSystems().describeAccessPoints(
        DescribeAccessPointsRequest.newBuilder().setFileSystemId(a).setMaxResults(3).build());
    DescribeAccessPointsResponse rest = backend.fileSystems().describeAccessPoints(
        DescribeAccessPointsRequest.newBuilder().setFileSystemId(a).setMaxResults(3)
            .setNextToken(page.getNextToken()).build());
    assertThat(page.getAccessPointsCount() + rest.getAccessPointsCount()).isEqualTo(5);
    assertThat(rest.getNextToken()).isEmpty();
    assertThat(backend.fileSystems().describeAccessPoints(DescribeAccessPointsRequest.newBuilder()
            .addFilters(dev.simebs.backend.api.Filter.newBuilder().setName("client-token")
                .addValues("b0")).build()).getAccessPointsList())
        .extracting(AccessPoint::getFileSystemId).containsExactly(b);
  }

  @Test
  void withLatencyAccessPointsAreCreatingAndARestartFinishesThem() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    backend.admin().setSimulation(SimulationConfig.newBuilder()
        .addLatencies(LatencyRule.newBuilder().setOperation("CreateAccessPoint")
            .setMinMillis(600_000).setMaxMillis(600_000)).build());
    AccessPoint ap = createAccessPoint(fs, "t", "/slow");
    assertThat(ap.getState()).isEqualTo(LifeCycleState.LIFE_CYCLE_CREATING);
    assertFails(ErrorReason.INCORRECT_STATE, () -> mount(fs, ap.getAccessPointId(), "sim-a"));

    backend.restart();

    AccessPoint after = backend.fileSystems().describeAccessPoints(DescribeAccessPointsRequest
        .newBuilder().addAccessPointIds(ap.getAccessPointId()).build()).getAccessPoints(0);
    assertThat(after.getState()).isEqualTo(LifeCycleState.LIFE_CYCLE_AVAILABLE);
  }

  @Test
  void fileSystemCallsAreThrottledAndFaultedLikeVolumeCalls() throws IOException {
    open();
    String fs = createFileSystem("team-a").getFileSystemId();
    backend.admin().setSimulation(SimulationConfig.newBuilder()
        .addThrottles(ThrottleRule.newBuilder().setOperation("CreateAccessPoint")
            .setRefillPerSecond(0.001).setBurst(1)).build());
    createAccessPoint(fs, "t1", "/a");
    assertFails(ErrorReason.REQUEST_LIMIT_EXCEEDED, () -> createAccessPoint(fs, "t2", "/b"));

    backend.admin().addFault(FaultRule.newBuilder().setOperation("Mount")
        .setReason(ErrorReason.MOUNT_TARGET_UNAVAILABLE).setNextN(1).setVolumeId(fs).build());
    assertFails(ErrorReason.MOUNT_TARGET_UNAVAILABLE, () -> mount(fs, "", "sim-a"));
    assertThat(mount(fs, "", "sim-a").getRootPath()).isEqualTo("/");
  }

  @Test
  void atStartAnUnacknowledgedEmptyTreeIsRemovedAndAnUnknownTreeQuarantined() throws IOException {
    open();
    String kept = createFileSystem("kept").getFileSystemId();
    backend.close();
    Path trees = dataDir.resolve("filesystems");
    Path orphan = Files.createDirectory(trees.resolve(ResourceIds.FILE_SYSTEM.newId()));
    Path stranger = Files.createDirectory(trees.resolve(ResourceIds.FILE_SYSTEM.newId()));
    Files.writeString(stranger.resolve("data"), "someone's");

    open();

    assertThat(orphan).doesNotExist();
    assertThat(stranger).doesNotExist();
    assertThat(dataDir.resolve("quarantine").resolve("filesystems-" + stranger.getFileName())
        .resolve("data")).hasContent("someone's");
    assertThat(trees.resolve(kept)).exists();
    assertThat(Files.isDirectory(trees.resolve(kept), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void aDefaultFileSystemIsMadeOnceAtStart() throws IOException {
    open(s -> s.withDefaultFileSystem("simefs-default"));
    FileSystem first = backend.sim().defaultFileSystem().orElseThrow();
    backend.restart();

    assertThat(backend.sim().defaultFileSystem().orElseThrow().getFileSystemId())
        .isEqualTo(first.getFileSystemId());
    assertThat(backend.fileSystems().describeFileSystems(DescribeFileSystemsRequest
        .getDefaultInstance()).getFileSystemsList()).hasSize(1);
  }
}
