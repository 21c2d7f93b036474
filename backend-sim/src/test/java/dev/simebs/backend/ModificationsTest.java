package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeVolumeModificationsRequest;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.ModificationState;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.backend.zones.ZoneSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModificationsTest {

  @TempDir Path dataDir;
  TestBackend backend;

  @BeforeEach
  void open() throws IOException {
    backend = TestBackend.open(dataDir);
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private VolumeModification modify(String volumeId,
      UnaryOperator<ModifyVolumeRequest.Builder> change) {
    return backend.api().modifyVolume(change.apply(ModifyVolumeRequest.newBuilder()
        .setVolumeId(volumeId)).build()).getModification();
  }

  @Test
  void growingAVolumeGrowsItsFileAndCompletesAtOnce() throws IOException {
    Volume volume = backend.createVolume(2);

    VolumeModification m = modify(volume.getVolumeId(), r -> r.setSizeGib(5));

    assertThat(m.getState()).isEqualTo(ModificationState.MODIFICATION_COMPLETED);
    assertThat(m.getOriginalSizeGib()).isEqualTo(2);
    assertThat(m.getTargetSizeGib()).isEqualTo(5);
    assertThat(backend.describe(volume.getVolumeId()).getSizeGib()).isEqualTo(5);
    assertThat(Files.size(Path.of(volume.getBackingFile()))).isEqualTo(5L << 30);
  }

  @Test
  void growingCountsAgainstTheZonesCapacity() {
    Volume volume = backend.createVolume(r -> r.setSizeGib(2).setZone("sim-a"));

    modify(volume.getVolumeId(), r -> r.setSizeGib(12));

    assertThat(backend.api().describeZones(DescribeZonesRequest.getDefaultInstance())
        .getZonesList().stream().filter(z -> z.getName().equals("sim-a")).findFirst()
        .orElseThrow().getUsedGib()).isEqualTo(12);
  }

  @Test
  void shrinkingIsInvalid() {
    String volumeId = backend.createVolume(4).getVolumeId();

    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> modify(volumeId, r -> r.setSizeGib(2)))
        .hasMessageContaining("shrink");
  }

  @Test
  void changingTypeAppliesTheTargetTypesDefaults() {
    String volumeId = backend.createVolume(r -> r.setSizeGib(100).setType(VolumeType.GP2))
        .getVolumeId();

    modify(volumeId, r -> r.setType(VolumeType.GP3));

    Volume after = backend.describe(volumeId);
    assertThat(after.getType()).isEqualTo(VolumeType.GP3);
    assertThat(after.getIops()).isEqualTo(3000);
    assertThat(after.getThroughputMibps()).isEqualTo(125);
  }

  @Test
  void iopsBeyondTheTargetTypesRulesAreInvalid() {
    String volumeId = backend.createVolume(10).getVolumeId();

    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> modify(volumeId, r -> r.setType(VolumeType.IO1).setIops(1000)))
        .hasMessageContaining("iops");
  }

  @Test
  void secondModificationWhileOneIsInProgressIsIncorrectState() {
    String volumeId = backend.createVolume(2).getVolumeId();
    backend.admin().setSimulation(SimulationConfig.newBuilder().addLatencies(LatencyRule
        .newBuilder().setOperation("ModifyVolume").setMinMillis(600_000).setMaxMillis(600_000))
        .build());
    assertThat(modify(volumeId, r -> r.setSizeGib(3)).getState())
        .isEqualTo(ModificationState.MODIFYING);

    assertFails(ErrorReason.INCORRECT_STATE, () -> modify(volumeId, r -> r.setSizeGib(4)))
        .hasMessageContaining("being modified");
  }

  @Test
  void repeatingTheModificationInProgressReturnsIt() {
    String volumeId = backend.createVolume(2).getVolumeId();
    backend.admin().setSimulation(SimulationConfig.newBuilder().addLatencies(LatencyRule
        .newBuilder().setOperation("ModifyVolume").setMinMillis(600_000).setMaxMillis(600_000))
        .build());
    VolumeModification first = modify(volumeId, r -> r.setSizeGib(3));

    assertThat(modify(volumeId, r -> r.setSizeGib(3))).isEqualTo(first);
  }

  @Test
  void repeatingACompletedGrowReturnsTheCompletedModification() {
    String volumeId = backend.createVolume(2).getVolumeId();
    VolumeModification first = modify(volumeId, r -> r.setSizeGib(3));

    assertThat(modify(volumeId, r -> r.setSizeGib(3))).isEqualTo(first);
  }

  @Test
  void modificationWithinTheCooldownIsModificationRateExceeded() {
    String volumeId = backend.createVolume(2).getVolumeId();
    backend.admin().setSimulation(
        SimulationConfig.newBuilder().setModificationCooldownSeconds(3600).build());
    modify(volumeId, r -> r.setSizeGib(3));

    assertFails(ErrorReason.MODIFICATION_RATE_EXCEEDED, () -> modify(volumeId, r -> r.setSizeGib(4)))
        .hasMessageContaining("3600");
  }

  @Test
  void growingPastTheStorageQuotaIsVolumeLimitExceeded() {
    String volumeId = backend.createVolume(2).getVolumeId();
    backend.admin().setSimulation(SimulationConfig.newBuilder().setStorageQuotaGib(3).build());

    assertFails(ErrorReason.VOLUME_LIMIT_EXCEEDED, () -> modify(volumeId, r -> r.setSizeGib(4)))
        .hasMessageContaining("storage quota of 3 GiB");
    assertThat(modify(volumeId, r -> r.setSizeGib(3)).getTargetSizeGib()).isEqualTo(3);
  }

  @Test
  void growRefusedForWantOfCapacityLeavesTheImageAsItWas() throws IOException {
    TestBackend small = new TestBackend(
        BackendConfig.defaults(dataDir.resolve("small")).withZones(List.of(new ZoneSpec("sim-a", 10))));
    try {
      Volume volume = small.createVolume(r -> r.setSizeGib(4).setZone("sim-a"));

      assertFails(ErrorReason.INSUFFICIENT_VOLUME_CAPACITY, () -> small.api().modifyVolume(
          ModifyVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setSizeGib(20).build()));

      assertThat(Files.size(Path.of(volume.getBackingFile()))).isEqualTo(4L << 30);
    } finally {
      small.close();
    }
  }

  @Test
  void growOfAVolumeWhoseImageIsGoneCreatesNoFileAndGivesTheCapacityBack() throws IOException {
    Volume volume = backend.createVolume(r -> r.setSizeGib(2).setZone("sim-a"));
    Path image = Path.of(volume.getBackingFile());
    Files.delete(image);

    VolumeModification m = modify(volume.getVolumeId(), r -> r.setSizeGib(5));

    assertThat(image).doesNotExist();
    assertThat(m.getState()).isEqualTo(ModificationState.MODIFICATION_FAILED);
    assertThat(m.getStatusMessage()).contains("image");
    assertThat(backend.describe(volume.getVolumeId()).getSizeGib()).isEqualTo(2);
    assertThat(usedGib("sim-a")).isEqualTo(2);
  }

  @Test
  void deletingAVolumeWhileItGrowsGivesBackTheReservedCapacity() {
    Volume volume = backend.createVolume(r -> r.setSizeGib(2).setZone("sim-a"));
    backend.admin().setSimulation(SimulationConfig.newBuilder().addLatencies(LatencyRule
        .newBuilder().setOperation("ModifyVolume").setMinMillis(600_000).setMaxMillis(600_000))
        .build());
    assertThat(modify(volume.getVolumeId(), r -> r.setSizeGib(5)).getState())
        .isEqualTo(ModificationState.MODIFYING);
    assertThat(usedGib("sim-a")).isEqualTo(5);

    backend.api().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());

    assertThat(usedGib("sim-a")).isZero();
    assertThat(Path.of(volume.getBackingFile())).doesNotExist();
  }

  private long usedGib(String zone) {
    return backend.api().describeZones(DescribeZonesRequest.getDefaultInstance())
        .getZonesList().stream().filter(z -> z.getName().equals(zone)).findFirst()
        .orElseThrow().getUsedGib();
  }

  @Test
  void describeModificationsReturnsTheLatest() {
    String volumeId = backend.createVolume(2).getVolumeId();
    modify(volumeId, r -> r.setSizeGib(3));

    assertThat(backend.api().describeVolumeModifications(DescribeVolumeModificationsRequest
        .newBuilder().addVolumeIds(volumeId).build()).getModificationsList())
        .extracting(VolumeModification::getTargetSizeGib).containsExactly(3L);
  }
}
