package dev.simebs.efs.controller;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.efs.controller.EfsControllerHarness.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.DeleteVolumeRequest;
import csi.v1.GetPluginInfoRequest;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.ValidateVolumeCapabilitiesRequest;
import csi.v1.ValidateVolumeCapabilitiesResponse;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.backend.api.AccessPoint;
import dev.simebs.backend.api.CreateAccessPointRequest;
import dev.simebs.backend.api.CreateFileSystemRequest;
import dev.simebs.backend.api.DescribeAccessPointsRequest;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.MountRequest;
import dev.simebs.backend.api.RootDirectory;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.efs.VolumeHandle;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EfsControllerTest {

  @TempDir Path dir;
  EfsControllerHarness efs;

  @BeforeEach
  void start() throws Exception {
    efs = EfsControllerHarness.start(dir);
  }

  @AfterEach
  void stop() {
    efs.close();
  }

  @Test
  void identityNamesTheEfsDriver() {
    assertThat(efs.identity().getPluginInfo(GetPluginInfoRequest.getDefaultInstance()).getName())
        .isEqualTo(EfsDriverInfo.DRIVER_NAME);
  }

  @Test
  void createVolumeMakesAnAccessPointWithAFreeGidBelowTheBasePath() {
    Volume volume = efs.controller().createVolume(efs.request("pvc-1", "basePath", "/dynamic")
        .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(5 * GIB)).build())
        .getVolume();

    VolumeHandle handle = VolumeHandle.parse(volume.getVolumeId());
    assertThat(handle.fileSystemId()).isEqualTo(efs.fileSystemId());
    assertThat(volume.getCapacityBytes()).isEqualTo(5 * GIB);
    assertThat(volume.getAccessibleTopologyList()).isEmpty();
    AccessPoint ap = efs.accessPoint(volume);
    assertThat(ap.getPosixUser().getUid()).isEqualTo(50_000);
    assertThat(ap.getPosixUser().getGid()).isEqualTo(50_000);
    assertThat(ap.getRootDirectory().getPath()).matches("/dynamic/pvc-1-[0-9a-f]{12}");
    assertThat(ap.getRootDirectory().getCreationInfo().getPermissions()).isEqualTo("700");
    assertThat(efs.accessPoint(efs.create("pvc-2")).getPosixUser().getGid()).isEqualTo(50_001);
  }

  @Test
  void aRepeatIsTheSameVolumeAndAnotherCapacityIsAlreadyExists() {
    Volume first = efs.create("pvc-1");

    assertThat(efs.create("pvc-1").getVolumeId()).isEqualTo(first.getVolumeId());
    assertFailsWith(Status.Code.ALREADY_EXISTS, () -> efs.controller().createVolume(
        efs.request("pvc-1").setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB))
            .build()))
        .contains("pvc-1");
  }

  @Test
  void parametersAreCheckedAndAnUnknownKeyIsNamed() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> efs.create("v", "directoryperms", "700"))
        .contains("\"directoryperms\"");
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> efs.create("v", "provisioningMode", "efs"))
        .contains("provisioningMode");
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> efs.create("v", "fileSystemId", "fs-1"))
        .contains("fileSystemId");
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> efs.create("v", "directoryPerms", "rwx"))
        .contains("directoryPerms");
    assertFailsWith(Status.Code.INVALID_ARGUMENT,
        () -> efs.create("v", "gidRangeStart", "10", "gidRangeEnd", "5"))
        .contains("gidRangeStart");
    assertFailsWith(Status.Code.INVALID_ARGUMENT,
        () -> efs.create("v", "subPathPattern", "/${.PVC.uid}"))
        .contains("${.PVC.uid}");
    assertFailsWith(Status.Code.INVALID_ARGUMENT,
        () -> efs.create("v", "subPathPattern", "/${.PVC.namespace}/${.PVC.name}"))
        .contains("extra-create-metadata");
  }

  @Test
  void subPathPatternUsesThePvcNamesTheSidecarSends() {
    AccessPoint ap = efs.accessPoint(efs.create("pvc-9",
        "basePath", "/apps", "subPathPattern", "/${.PVC.namespace}/${.PVC.name}",
        "ensureUniqueDirectory", "false",
        "csi.storage.k8s.io/pvc/name", "data", "csi.storage.k8s.io/pvc/namespace", "shop",
        "csi.storage.k8s.io/pv/name", "pvc-9"));

    assertThat(ap.getRootDirectory().getPath()).isEqualTo("/apps/shop/data");
  }

  @Test
  void aNameOfTheLongestCsiLengthGetsARootDirectoryThatFits() {
    String name = "n".repeat(128);
    Volume volume = efs.create(name, "basePath", "/dynamic");

    String root = efs.accessPoint(volume).getRootDirectory().getPath();
    assertThat(root).hasSizeLessThanOrEqualTo(100).startsWith("/dynamic/nnn").matches(".*-[0-9a-f]{12}");
    assertThat(efs.create(name, "basePath", "/dynamic").getVolumeId()).isEqualTo(volume.getVolumeId());
  }

  @Test
  void fixedUidAndGidAreUsedAsGiven() {
    AccessPoint ap = efs.accessPoint(efs.create("v", "uid", "2000", "gid", "3000"));

    assertThat(ap.getPosixUser().getUid()).isEqualTo(2000);
    assertThat(ap.getPosixUser().getGid()).isEqualTo(3000);
    assertThat(ap.getRootDirectory().getCreationInfo().getOwnerUid()).isEqualTo(2000);
  }

  @Test
  void blockAccessAndSnapshotSourcesAreRefused() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> efs.controller().createVolume(
        efs.request("v").clearVolumeCapabilities()
            .addVolumeCapabilities(VolumeCapability.newBuilder()
                .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
                .setAccessMode(VolumeCapability.AccessMode.newBuilder()
                    .setMode(Mode.MULTI_NODE_MULTI_WRITER)))
            .build()))
        .contains("block");
    assertFailsWith(Status.Code.INVALID_ARGUMENT,
        () -> efs.controller().createVolume(efs.request("v").clearVolumeCapabilities().build()))
        .contains("volume_capabilities");
  }

  @Test
  void aFileSystemThatDoesNotExistIsNotFound() {
    assertFailsWith(Status.Code.NOT_FOUND,
        () -> efs.create("v", "fileSystemId", "fs-0000000000000000a"))
        .contains("fs-0000000000000000a");
  }

  @Test
  void concurrentCreatesOnOneFileSystemGetDistinctGids() throws Exception {
    List<Future<Volume>> created = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 12; i++) {
        String name = "pvc-" + i;
        created.add(pool.submit(() -> efs.create(name)));
      }
    }
    Set<Long> gids = new HashSet<>();
    for (Future<Volume> volume : created) {
      gids.add(efs.accessPoint(volume.get()).getPosixUser().getGid());
    }
    assertThat(gids).hasSize(12);
  }

  @Test
  void aFullGidRangeIsResourceExhausted() {
    efs.create("a", "gidRangeStart", "7", "gidRangeEnd", "7");

    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED,
        () -> efs.create("b", "gidRangeStart", "7", "gidRangeEnd", "7"))
        .contains("7-7");
  }

  @Test
  void aCreateWaitsUntilTheAccessPointIsAvailable() {
    efs.admin().setSimulation(SimulationConfig.newBuilder().addLatencies(LatencyRule.newBuilder()
        .setOperation("CreateAccessPoint").setMinMillis(50).setMaxMillis(50)).build());

    Volume volume = efs.create("slow");

    assertThat(efs.accessPoint(volume).getState().name()).isEqualTo("LIFE_CYCLE_AVAILABLE");
  }

  @Test
  void reuseAccessPointGivesARecreatedClaimItsAccessPointBack() {
    String[] pvc = {"reuseAccessPoint", "true", "csi.storage.k8s.io/pvc/name", "data",
        "csi.storage.k8s.io/pvc/namespace", "shop"};
    Volume first = efs.create("pvc-old", pvc);

    assertThat(efs.create("pvc-new", pvc).getVolumeId()).isEqualTo(first.getVolumeId());
  }

  @Test
  void aOneZoneFileSystemCarriesItsZoneAndRefusesOtherZones() {
    String oneZone = efs.fileSystems().createFileSystem(CreateFileSystemRequest.newBuilder()
        .setCreationToken("one").setAvailabilityZone("sim-b").build()).getFileSystem()
        .getFileSystemId();

    Volume volume = efs.create("v", "fileSystemId", oneZone);
    assertThat(volume.getAccessibleTopology(0).getSegmentsMap())
        .containsEntry(EfsDriverInfo.ZONE_TOPOLOGY_KEY, "sim-b");
    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED, () -> efs.controller().createVolume(
        efs.request("w", "fileSystemId", oneZone)
            .setAccessibilityRequirements(TopologyRequirement.newBuilder()
                .addRequisite(Topology.newBuilder()
                    .putSegments(EfsDriverInfo.ZONE_TOPOLOGY_KEY, "sim-a")))
            .build()))
        .contains("sim-b");
  }

  @Test
  void deleteVolumeRemovesTheAccessPointAndIsIdempotent() {
    Volume volume = efs.create("v");
    String ap = VolumeHandle.parse(volume.getVolumeId()).accessPointId().orElseThrow();

    for (int i = 0; i < 2; i++) {
      efs.controller().deleteVolume(
          DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
    }
    assertThat(efs.fileSystems().describeAccessPoints(DescribeAccessPointsRequest.newBuilder()
        .setFileSystemId(efs.fileSystemId()).build()).getAccessPointsList())
        .extracting(AccessPoint::getAccessPointId).doesNotContain(ap);
    efs.controller().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId("garbage").build());
    efs.controller().deleteVolume(
        DeleteVolumeRequest.newBuilder().setVolumeId(efs.fileSystemId()).build());
    assertFailsWith(Status.Code.INVALID_ARGUMENT,
        () -> efs.controller().deleteVolume(DeleteVolumeRequest.getDefaultInstance()));
  }

  @Test
  void anAccessPointTheDriverDidNotMakeIsNeverDeleted() {
    AccessPoint handMade = efs.fileSystems().createAccessPoint(CreateAccessPointRequest
        .newBuilder().setFileSystemId(efs.fileSystemId())
        .setRootDirectory(RootDirectory.newBuilder().setPath("/team")).build()).getAccessPoint();

    efs.controller().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(
        VolumeHandle.ofAccessPoint(efs.fileSystemId(), handMade.getAccessPointId()).toString())
        .build());

    assertThat(efs.fileSystems().describeAccessPoints(DescribeAccessPointsRequest.newBuilder()
        .addAccessPointIds(handMade.getAccessPointId()).build()).getAccessPointsCount()).isOne();
  }

  @Test
  void validateConfirmsMountsOfExistingVolumesOnly() {
    Volume volume = efs.create("v");
    ValidateVolumeCapabilitiesResponse confirmed = efs.controller().validateVolumeCapabilities(
        ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId(volume.getVolumeId())
            .addVolumeCapabilities(EfsControllerHarness.mount(Mode.MULTI_NODE_READER_ONLY))
            .build());
    assertThat(confirmed.hasConfirmed()).isTrue();

    assertFailsWith(Status.Code.NOT_FOUND, () -> efs.controller().validateVolumeCapabilities(
        ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId("fake-vol-id-1")
            .addVolumeCapabilities(EfsControllerHarness.mount(Mode.SINGLE_NODE_WRITER)).build()));
    assertFailsWith(Status.Code.NOT_FOUND, () -> efs.controller().validateVolumeCapabilities(
        ValidateVolumeCapabilitiesRequest.newBuilder()
            .setVolumeId(efs.fileSystemId() + "::fsap-0000000000000000a")
            .addVolumeCapabilities(EfsControllerHarness.mount(Mode.SINGLE_NODE_WRITER)).build()));
    assertThat(efs.controller().validateVolumeCapabilities(ValidateVolumeCapabilitiesRequest
        .newBuilder().setVolumeId(efs.fileSystemId() + ":/static")
        .addVolumeCapabilities(VolumeCapability.newBuilder()
            .setBlock(VolumeCapability.BlockVolume.getDefaultInstance())
            .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(Mode.SINGLE_NODE_WRITER)))
        .build()).getMessage()).contains("block");
  }

  @Test
  void theAccessPointQuotaIsResourceExhausted() throws Exception {
    efs.close();
    efs = EfsControllerHarness.start(dir.resolve("quota"), s -> s.withAccessPointLimit(1), false);
    efs.create("a");

    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED, () -> efs.create("b"))
        .contains("ACCESS_POINT_LIMIT_EXCEEDED");
  }

  @Test
  void withDeleteRootDirTheDirectoryGoesWithTheVolume() throws Exception {
    HostRequirements.assumeRoot();
    efs.close();
    efs = EfsControllerHarness.start(dir.resolve("on"), s -> s, true);
    Path root = firstMount(efs.create("v", "basePath", "/dyn"), dir.resolve("on"));
    Files.writeString(root.resolve("data"), "x");

    deleteAll();

    assertThat(root).doesNotExist();
    assertThat(root.getParent()).exists();
  }

  @Test
  void withoutDeleteRootDirTheDirectoryAndItsDataStay() throws Exception {
    HostRequirements.assumeRoot();
    Path root = firstMount(efs.create("v", "basePath", "/dyn"), dir);
    Files.writeString(root.resolve("data"), "x");

    deleteAll();

    assertThat(root.resolve("data")).hasContent("x");
  }

  /** Mounts the volume once (which makes its root directory) and returns that directory. */
  private Path firstMount(Volume volume, Path harnessDir) {
    VolumeHandle handle = VolumeHandle.parse(volume.getVolumeId());
    String rootPath = efs.fileSystems().mount(MountRequest.newBuilder()
        .setFileSystemId(handle.fileSystemId()).setAccessPointId(handle.accessPointId().get())
        .setZone("sim-a").build()).getRootPath();
    Path root = harnessDir.resolve("data/filesystems").resolve(handle.fileSystemId())
        .resolve(rootPath.substring(1));
    assertThat(root).isDirectory();
    return root;
  }

  private void deleteAll() {
    for (AccessPoint ap : efs.fileSystems().describeAccessPoints(DescribeAccessPointsRequest
        .newBuilder().setFileSystemId(efs.fileSystemId()).build()).getAccessPointsList()) {
      efs.controller().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(
          VolumeHandle.ofAccessPoint(efs.fileSystemId(), ap.getAccessPointId()).toString())
          .build());
    }
  }
}
