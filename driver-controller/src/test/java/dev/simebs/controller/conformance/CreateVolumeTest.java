package dev.simebs.controller.conformance;

import static dev.simebs.common.testing.StatusAssertions.assertFailsWith;
import static dev.simebs.controller.ControllerHarness.GIB;
import static dev.simebs.controller.ControllerHarness.ZONE_A;
import static dev.simebs.controller.ControllerHarness.ZONE_B;
import static dev.simebs.controller.ControllerHarness.block;
import static dev.simebs.controller.ControllerHarness.mount;
import static dev.simebs.controller.ControllerHarness.volumeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.Volume;
import csi.v1.VolumeCapability.AccessMode.Mode;
import csi.v1.VolumeContentSource;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.VolumeContextKeys;
import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateVolumeTest extends ConformanceTest {

  @Test
  void createdVolumeIsABackendVolumeRoundedToWholeGib() {
    Volume volume = h.createVolume("pvc-1", b -> b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB + 1)));

    assertThat(ResourceIds.VOLUME.isValid(volume.getVolumeId())).isTrue();
    assertThat(volume.getCapacityBytes()).isEqualTo(2 * GIB);
    assertThat(h.backendVolume(volume.getVolumeId()).getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(volume.getAccessibleTopologyList())
        .singleElement()
        .satisfies(t -> assertThat(t.getSegmentsMap()).containsOnlyKeys("topology.ebs.csi.simebs.dev/zone"));
  }

  @Test
  void volumeContextTellsTheNodeTypeFileSystemAndMkfsOptions() {
    Volume volume =
        h.createVolume(
            "pvc-1",
            b ->
                b.putParameters("type", "gp2")
                    .putParameters("csi.storage.k8s.io/fstype", "xfs")
                    .putParameters("blockSize", "4096")
                    .putParameters("inodeSize", "512"));

    assertThat(volume.getVolumeContextMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                VolumeContextKeys.TYPE, "gp2",
                VolumeContextKeys.FS_TYPE, "xfs",
                VolumeContextKeys.BLOCK_SIZE, "4096",
                VolumeContextKeys.INODE_SIZE, "512"));
  }

  @Test
  void fileSystemComesFromTheMountCapabilityAndDefaultsToExt4() {
    assertThat(h.createVolume("a", b -> b.clearVolumeCapabilities().addVolumeCapabilities(mount("ext3", Mode.SINGLE_NODE_WRITER)))
            .getVolumeContextMap())
        .containsEntry(VolumeContextKeys.FS_TYPE, "ext3");
    assertThat(h.createVolume("b").getVolumeContextMap()).containsEntry(VolumeContextKeys.FS_TYPE, "ext4");
  }

  @Test
  void conflictingFileSystemsAreInvalid() {
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () ->
                h.createVolume(
                    "a",
                    b ->
                        b.putParameters("csi.storage.k8s.io/fstype", "xfs")
                            .clearVolumeCapabilities()
                            .addVolumeCapabilities(mount("ext4", Mode.SINGLE_NODE_WRITER))))
        .contains("xfs")
        .contains("ext4");
  }

  @Test
  void parametersReachTheBackend() {
    Volume volume =
        h.createVolume(
            "pvc-1",
            b ->
                b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(20 * GIB))
                    .putParameters("type", "io1")
                    .putParameters("iopsPerGB", "10")
                    .putParameters("encrypted", "true")
                    .putParameters("kmsKeyId", "arn:key/1"));

    var backend = h.backendVolume(volume.getVolumeId());
    assertThat(backend.getType()).isEqualTo(dev.simebs.backend.api.VolumeType.IO1);
    assertThat(backend.getIops()).isEqualTo(200);
    assertThat(backend.getEncrypted()).isTrue();
    assertThat(backend.getKmsKeyId()).isEqualTo("arn:key/1");
  }

  @Test
  void mutableParametersOfAVolumeAttributesClassApplyAtCreation() {
    Volume volume =
        h.createVolume(
            "pvc-1",
            b ->
                b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(20 * GIB))
                    .putParameters("type", "gp2")
                    .putMutableParams("type", "gp3")
                    .putMutableParams("iops", "6000")
                    .putMutableParams("throughput", "300"));

    var backend = h.backendVolume(volume.getVolumeId());
    assertThat(backend.getType()).isEqualTo(dev.simebs.backend.api.VolumeType.GP3);
    assertThat(backend.getIops()).isEqualTo(6000);
    assertThat(backend.getThroughputMibps()).isEqualTo(300);
    assertThat(volume.getVolumeContextMap()).containsEntry(VolumeContextKeys.TYPE, "gp3");
  }

  @Test
  void kubernetesNamesAndTagSpecificationsBecomeTags() {
    Volume volume =
        h.createVolume(
            "pvc-1",
            b ->
                b.putParameters("csi.storage.k8s.io/pvc/name", "data")
                    .putParameters("csi.storage.k8s.io/pvc/namespace", "shop")
                    .putParameters("tagSpecification_1", "team=storage"));

    assertThat(h.backendVolume(volume.getVolumeId()).getTagsList())
        .contains(
            tag("kubernetes.io/created-for/pvc/name", "data"),
            tag("kubernetes.io/created-for/pvc/namespace", "shop"),
            tag("team", "storage"),
            tag("ebs.csi.simebs.dev/volume-name", "pvc-1"));
  }

  @Test
  void repeatedCreateReturnsTheSameVolume() {
    CreateVolumeRequest request = volumeRequest("pvc-1", b -> b.putParameters("type", "gp3"));

    CreateVolumeResponse first = h.controller().createVolume(request);
    CreateVolumeResponse second = h.controller().createVolume(request);

    assertThat(second).isEqualTo(first);
    assertThat(h.backendVolumes()).hasSize(1);
  }

  @Test
  void repeatedCreateAfterAControllerRestartReturnsTheSameVolume() throws Exception {
    CreateVolumeRequest request = volumeRequest("pvc-1", b -> b);
    CreateVolumeResponse first = h.controller().createVolume(request);

    h.restartController();

    assertThat(h.controller().createVolume(request)).isEqualTo(first);
  }

  @Test
  void sameNameWithAnotherSizeIsAlreadyExists() {
    h.createVolume("pvc-1");

    assertFailsWith(
            Status.Code.ALREADY_EXISTS,
            () -> h.createVolume("pvc-1", b -> b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(5 * GIB))))
        .contains("pvc-1");
  }

  @Test
  void sameNameWithOtherParametersIsAlreadyExists() {
    h.createVolume("pvc-1");

    assertFailsWith(Status.Code.ALREADY_EXISTS, () -> h.createVolume("pvc-1", b -> b.putParameters("type", "gp2")));
  }

  @Test
  void repeatWhoseRequirementsPreferAnotherAllowedZoneReturnsTheSameVolume() {
    Volume first =
        h.createVolume(
            "pvc-1",
            b -> b.setAccessibilityRequirements(
                TopologyRequirement.newBuilder().addRequisite(zone(ZONE_A)).addRequisite(zone(ZONE_B)).addPreferred(zone(ZONE_A))));

    Volume repeat =
        h.createVolume(
            "pvc-1",
            b -> b.setAccessibilityRequirements(
                TopologyRequirement.newBuilder().addRequisite(zone(ZONE_A)).addRequisite(zone(ZONE_B)).addPreferred(zone(ZONE_B))));

    assertThat(repeat).isEqualTo(first);
    assertThat(h.backendVolumes()).hasSize(1);
  }

  @Test
  void sameNameWithARequirementItsZoneDoesNotMeetIsAlreadyExists() {
    Volume volume = h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_A)));
    assertThat(zoneOf(volume)).isEqualTo(ZONE_A);

    assertFailsWith(
        Status.Code.ALREADY_EXISTS, () -> h.createVolume("pvc-1", b -> b.setAccessibilityRequirements(requisite(ZONE_B))));
  }

  @Test
  void missingNameIsInvalid() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.createVolume("", b -> b)).contains("name");
  }

  @Test
  void missingCapabilitiesAreInvalid() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.createVolume("pvc-1", b -> b.clearVolumeCapabilities()))
        .contains("volume_capabilities");
  }

  @Test
  void unknownParameterIsInvalidAndNamed() {
    assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> h.createVolume("pvc-1", b -> b.putParameters("colour", "blue")))
        .contains("colour");
  }

  @Test
  void iopsWithIopsPerGbIsInvalid() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        () -> h.createVolume("pvc-1", b -> b.putParameters("type", "io2").putParameters("iops", "1000").putParameters("iopsPerGB", "5")));
  }

  @Test
  void capacityOverTheLimitIsOutOfRange() {
    assertFailsWith(
        Status.Code.OUT_OF_RANGE,
        () -> h.createVolume("pvc-1", b -> b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB + 1).setLimitBytes(GIB + 2))));
  }

  @Test
  void multiNodeMultiWriterServesOnlyBlockIo2MultiAttach() {
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        () -> h.createVolume("mount", b -> b.clearVolumeCapabilities().addVolumeCapabilities(mount(Mode.MULTI_NODE_MULTI_WRITER))));
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT,
        () -> h.createVolume("gp3", b -> b.clearVolumeCapabilities().addVolumeCapabilities(block(Mode.MULTI_NODE_MULTI_WRITER))));

    Volume shared =
        h.createVolume(
            "io2",
            b ->
                b.clearVolumeCapabilities()
                    .addVolumeCapabilities(block(Mode.MULTI_NODE_MULTI_WRITER))
                    .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(4 * GIB))
                    .putParameters("type", "io2")
                    .putParameters("multiAttach", "true"));
    assertThat(h.backendVolume(shared.getVolumeId()).getMultiAttach()).isTrue();
  }

  @Test
  void readOnlyManyFileSystemVolumeIsInvalidAsOnEbs() {
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.createVolume("rox", b -> b.clearVolumeCapabilities().addVolumeCapabilities(mount(Mode.MULTI_NODE_READER_ONLY))))
        .contains("MULTI_NODE_READER_ONLY");
    assertThat(h.backendVolumes()).isEmpty();
  }

  @Test
  void iopsBeyondWhatTheRequestedSizeCarriesMakeTheSmallestVolumeThatCarriesThem() {
    // csi-sanity's volume attribute class test: 1 GiB with iops "4000"; gp3 gives 500 IOPS per GiB
    Volume volume = h.createVolume("pvc-1", b -> b.putMutableParams("iops", "4000"));

    assertThat(volume.getCapacityBytes()).isEqualTo(8 * GIB);
    assertThat(h.backendVolume(volume.getVolumeId()).getIops()).isEqualTo(4000);
    assertThat(h.createVolume("pvc-1", b -> b.putMutableParams("iops", "4000"))).isEqualTo(volume);
  }

  @Test
  void iopsThatNeedMoreThanTheLimitAllowsAreOutOfRange() {
    assertFailsWith(
            Status.Code.OUT_OF_RANGE,
            () ->
                h.createVolume(
                    "pvc-1",
                    b -> b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB).setLimitBytes(4 * GIB))
                        .putMutableParams("iops", "4000")))
        .contains("limit_bytes");
  }

  @Test
  void unsupportedAccessModeIsInvalidAndNamed() {
    assertFailsWith(
            Status.Code.INVALID_ARGUMENT,
            () -> h.createVolume("pvc-1", b -> b.clearVolumeCapabilities().addVolumeCapabilities(mount(Mode.MULTI_NODE_SINGLE_WRITER))))
        .contains("MULTI_NODE_SINGLE_WRITER");
  }

  @Test
  void preferredZoneIsChosen() {
    Volume volume =
        h.createVolume(
            "pvc-1",
            b ->
                b.setAccessibilityRequirements(
                    TopologyRequirement.newBuilder()
                        .addRequisite(zone(ZONE_A))
                        .addRequisite(zone(ZONE_B))
                        .addPreferred(zone(ZONE_B))));

    assertThat(zoneOf(volume)).isEqualTo(ZONE_B);
  }

  @Test
  void wellKnownZoneKeyIsAccepted() {
    Volume volume =
        h.createVolume(
            "pvc-1",
            b ->
                b.setAccessibilityRequirements(
                    TopologyRequirement.newBuilder()
                        .addRequisite(Topology.newBuilder().putSegments("topology.kubernetes.io/zone", ZONE_B))));

    assertThat(zoneOf(volume)).isEqualTo(ZONE_B);
  }

  @Test
  void volumeRestoredFromASnapshotNamesItsSource() {
    Volume source = h.createVolume("source");
    String snapshotId = h.createSnapshot("snap-1", source.getVolumeId()).getSnapshotId();

    Volume restored = h.createVolume("restored", b -> b.setVolumeContentSource(fromSnapshot(snapshotId)));

    assertThat(restored.getContentSource()).isEqualTo(fromSnapshot(snapshotId));
    assertThat(h.backendVolume(restored.getVolumeId()).getSnapshotId()).isEqualTo(snapshotId);
  }

  @Test
  void missingSnapshotSourceIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND, () -> h.createVolume("r", b -> b.setVolumeContentSource(fromSnapshot("snap-00000000000000000"))));
    assertFailsWith(Status.Code.NOT_FOUND, () -> h.createVolume("r", b -> b.setVolumeContentSource(fromSnapshot("no-such-snapshot"))));
  }

  @Test
  void snapshotLargerThanRequestedIsOutOfRange() {
    Volume source = h.createVolume("source", b -> b.setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(3 * GIB)));
    String snapshotId = h.createSnapshot("snap-1", source.getVolumeId()).getSnapshotId();

    assertFailsWith(Status.Code.OUT_OF_RANGE, () -> h.createVolume("r", b -> b.setVolumeContentSource(fromSnapshot(snapshotId))));
  }

  @Test
  void cloneStaysInTheZoneOfItsSource() {
    Volume source = h.createVolume("source", b -> b.setAccessibilityRequirements(requisite(ZONE_B)));

    Volume clone = h.createVolume("clone", b -> b.setVolumeContentSource(fromVolume(source.getVolumeId())));

    assertThat(zoneOf(clone)).isEqualTo(ZONE_B);
    assertThat(clone.getContentSource()).isEqualTo(fromVolume(source.getVolumeId()));
  }

  @Test
  void cloneWhoseSourceZoneIsNotAllowedIsResourceExhaustedSoTheCoReschedules() {
    Volume source = h.createVolume("source", b -> b.setAccessibilityRequirements(requisite(ZONE_B)));

    assertFailsWith(
            Status.Code.RESOURCE_EXHAUSTED,
            () ->
                h.createVolume(
                    "clone",
                    b -> b.setVolumeContentSource(fromVolume(source.getVolumeId())).setAccessibilityRequirements(requisite(ZONE_A))))
        .contains(ZONE_B);
  }

  @Test
  void missingCloneSourceIsNotFound() {
    assertFailsWith(
        Status.Code.NOT_FOUND, () -> h.createVolume("clone", b -> b.setVolumeContentSource(fromVolume("vol-00000000000000000"))));
  }

  @Test
  void slowCreationIsAwaitedUntilTheVolumeIsAvailable() {
    h.simulate(
        SimulationConfig.newBuilder()
            .addLatencies(LatencyRule.newBuilder().setOperation("CreateVolume").setMinMillis(150).setMaxMillis(150))
            .build());

    Volume volume = h.createVolume("slow");

    assertThat(h.backendVolume(volume.getVolumeId()).getState()).isEqualTo(VolumeState.AVAILABLE);
  }

  static String zoneOf(Volume volume) {
    return volume.getAccessibleTopology(0).getSegmentsOrThrow("topology.ebs.csi.simebs.dev/zone");
  }

  static Topology zone(String zone) {
    return Topology.newBuilder().putSegments("topology.ebs.csi.simebs.dev/zone", zone).build();
  }

  static TopologyRequirement requisite(String zone) {
    return TopologyRequirement.newBuilder().addRequisite(zone(zone)).addPreferred(zone(zone)).build();
  }

  static VolumeContentSource fromSnapshot(String snapshotId) {
    return VolumeContentSource.newBuilder()
        .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId))
        .build();
  }

  static VolumeContentSource fromVolume(String volumeId) {
    return VolumeContentSource.newBuilder()
        .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(volumeId))
        .build();
  }

  static Tag tag(String key, String value) {
    return Tag.newBuilder().setKey(key).setValue(value).build();
  }
}
