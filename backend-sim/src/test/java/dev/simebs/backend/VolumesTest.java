package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.backend.api.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumesTest {

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

  @Test
  void createdVolumeIsAvailableGp3WithDefaultsAndASparseBackingFile() throws IOException {
    Volume volume = backend.createVolume(8);

    assertThat(ResourceIds.VOLUME.isValid(volume.getVolumeId())).isTrue();
    assertThat(volume.getState()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(volume.getType()).isEqualTo(VolumeType.GP3);
    assertThat(volume.getIops()).isEqualTo(3000);
    assertThat(volume.getThroughputMibps()).isEqualTo(125);
    Path file = Path.of(volume.getBackingFile());
    assertThat(file).isEqualTo(dataDir.resolve("volumes").resolve(volume.getVolumeId() + ".img"));
    assertThat(Files.size(file)).isEqualTo(8L << 30);
  }

  @Test
  void describeByIdReturnsTheVolume() {
    Volume volume = backend.createVolume(r -> r.setSizeGib(2).addTags(
        Tag.newBuilder().setKey("team").setValue("storage")));

    Volume described = backend.describe(volume.getVolumeId());

    assertThat(described).isEqualTo(volume);
  }

  @Test
  void deletedVolumeIsGoneWithItsFile() {
    Volume volume = backend.createVolume(1);

    backend.api().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());

    assertThat(Path.of(volume.getBackingFile())).doesNotExist();
    assertFails(ErrorReason.VOLUME_NOT_FOUND, () -> backend.describe(volume.getVolumeId()));
  }

  @Test
  void deletingTwiceIsNotFoundTheSecondTime() {
    Volume volume = backend.createVolume(1);
    DeleteVolumeRequest delete = DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build();
    backend.api().deleteVolume(delete);

    assertFails(ErrorReason.VOLUME_NOT_FOUND, () -> backend.api().deleteVolume(delete));
  }

  @Test
  void malformedVolumeIdIsInvalidParameterValue() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.describe("../../etc/passwd"))
        .hasMessageContaining("volume_ids");
  }

  @Test
  void gp3IopsAboveFiveHundredPerGibIsInvalidAndNamesTheField() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> backend.createVolume(r -> r.setSizeGib(10).setIops(6000)))
        .hasMessageContaining("iops")
        .hasMessageContaining("500");
  }

  @Test
  void gp3ThroughputAboveAQuarterOfIopsIsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> backend.createVolume(r -> r.setSizeGib(100).setIops(3000).setThroughputMibps(800)))
        .hasMessageContaining("throughput_mibps");
  }

  @Test
  void io1IopsAboveFiftyPerGibIsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> backend.createVolume(r -> r.setSizeGib(10).setType(VolumeType.IO1).setIops(1000)))
        .hasMessageContaining("50 IOPS per GiB");
  }

  @Test
  void st1BelowItsMinimumSizeIsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> backend.createVolume(r -> r.setSizeGib(100).setType(VolumeType.ST1)))
        .hasMessageContaining("125");
  }

  @Test
  void multiAttachOnGp3IsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> backend.createVolume(r -> r.setSizeGib(10).setMultiAttach(true)))
        .hasMessageContaining("multi_attach");
  }

  @Test
  void gp2IopsFollowSize() {
    Volume volume = backend.createVolume(r -> r.setSizeGib(100).setType(VolumeType.GP2));

    assertThat(volume.getIops()).isEqualTo(300);
  }

  @Test
  void volumeThatDoesNotFitItsZoneIsInsufficientCapacity() throws IOException {
    backend.close();
    backend = new TestBackend(BackendConfig.defaults(dataDir)
        .withZones(List.of(new dev.simebs.backend.zones.ZoneSpec("sim-a", 10))));
    backend.createVolume(r -> r.setSizeGib(8).setZone("sim-a"));

    assertFails(ErrorReason.INSUFFICIENT_VOLUME_CAPACITY,
        () -> backend.createVolume(r -> r.setSizeGib(4).setZone("sim-a")))
        .hasMessageContaining("sim-a");
  }

  @Test
  void volumesPastTheStorageQuotaAreVolumeLimitExceededInAnyZone() {
    backend.admin().setSimulation(
        dev.simebs.backend.api.SimulationConfig.newBuilder().setStorageQuotaGib(10).build());
    backend.createVolume(r -> r.setSizeGib(6).setZone("sim-a"));

    assertFails(ErrorReason.VOLUME_LIMIT_EXCEEDED,
        () -> backend.createVolume(r -> r.setSizeGib(5).setZone("sim-b")))
        .hasMessageContaining("6 GiB in use");
    assertThat(backend.createVolume(r -> r.setSizeGib(4).setZone("sim-b")).getSizeGib())
        .isEqualTo(4);
  }

  @Test
  void zonesReportUsedAndFreeCapacity() {
    backend.createVolume(r -> r.setSizeGib(30).setZone("sim-b"));

    Zone zone = backend.api().describeZones(DescribeZonesRequest.getDefaultInstance())
        .getZonesList().stream().filter(z -> z.getName().equals("sim-b")).findFirst().orElseThrow();

    assertThat(zone.getUsedGib()).isEqualTo(30);
    assertThat(zone.getFreeGib()).isEqualTo(zone.getCapacityGib() - 30);
  }

  @Test
  void unknownZoneIsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE,
        () -> backend.createVolume(r -> r.setSizeGib(1).setZone("mars-1")))
        .hasMessageContaining("mars-1");
  }

  @Test
  void sameTokenAndParametersReturnTheSameVolume() {
    Volume first = backend.createVolume(r -> r.setSizeGib(3).setClientToken("pvc-1"));

    Volume again = backend.createVolume(r -> r.setSizeGib(3).setClientToken("pvc-1"));

    assertThat(again.getVolumeId()).isEqualTo(first.getVolumeId());
  }

  @Test
  void sameTokenWithOtherParametersIsIdempotentParameterMismatch() {
    backend.createVolume(r -> r.setSizeGib(3).setClientToken("pvc-1"));

    assertFails(ErrorReason.IDEMPOTENT_PARAMETER_MISMATCH,
        () -> backend.createVolume(r -> r.setSizeGib(4).setClientToken("pvc-1")))
        .hasMessageContaining("pvc-1");
  }

  @Test
  void idempotentCreateHoldsAcrossARestart() throws IOException {
    Volume first = backend.createVolume(r -> r.setSizeGib(3).setClientToken("pvc-restart"));

    backend.restart();

    Volume again = backend.createVolume(r -> r.setSizeGib(3).setClientToken("pvc-restart"));
    assertThat(again.getVolumeId()).isEqualTo(first.getVolumeId());
  }

  @Test
  void parallelCreatesWithTheSameTokenMakeOneVolume() throws Exception {
    CreateVolumeRequest request =
        CreateVolumeRequest.newBuilder().setSizeGib(2).setClientToken("pvc-race").build();
    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      calls.add(() -> backend.api().createVolume(request).getVolume().getVolumeId());
    }
    List<String> ids = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<String> f : pool.invokeAll(calls)) {
        ids.add(f.get());
      }
    }

    assertThat(ids).containsOnly(ids.getFirst());
    try (Stream<Path> files = Files.list(dataDir.resolve("volumes"))) {
      assertThat(files.toList()).hasSize(1);
    }
  }

  @Test
  void filtersByTagAndState() {
    Volume tagged = backend.createVolume(r -> r.setSizeGib(1)
        .addTags(Tag.newBuilder().setKey("app").setValue("db")));
    backend.createVolume(1);

    List<Volume> found = backend.api().describeVolumes(DescribeVolumesRequest.newBuilder()
        .addFilters(Filter.newBuilder().setName("tag:app").addValues("db"))
        .addFilters(Filter.newBuilder().setName("state").addValues("available"))
        .build()).getVolumesList();

    assertThat(found).extracting(Volume::getVolumeId).containsExactly(tagged.getVolumeId());
  }

  @Test
  void clientTokenFilterFindsTheVolumeMadeWithThatToken() {
    Volume wanted = backend.createVolume(r -> r.setSizeGib(1).setClientToken("pvc-wanted"));
    backend.createVolume(r -> r.setSizeGib(1).setClientToken("pvc-other"));

    List<Volume> found = backend.api().describeVolumes(DescribeVolumesRequest.newBuilder()
        .addFilters(Filter.newBuilder().setName("client-token").addValues("pvc-wanted"))
        .build()).getVolumesList();

    assertThat(found).containsExactly(wanted);
  }

  @Test
  void unknownFilterNameIsInvalid() {
    assertFails(ErrorReason.INVALID_PARAMETER_VALUE, () -> backend.api().describeVolumes(
        DescribeVolumesRequest.newBuilder()
            .addFilters(Filter.newBuilder().setName("colour").addValues("x"))
            .build()))
        .hasMessageContaining("colour");
  }
}
