package dev.simebs.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.ThrottleRule;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.testing.ImageData;
import dev.simebs.common.testing.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake cloud's own series, moved by calls against it. */
class BackendMetricsTest {

  private static final double GIB = 1L << 30;

  @TempDir Path dir;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private BackendSim sim;
  private BackendConnection connection;
  private BackendGrpc.BackendBlockingStub api;

  @BeforeEach
  void open() throws Exception {
    sim = BackendSim.open(BackendConfig.defaults(dir), registry);
    connection = BackendConnection.inProcess(sim.services());
    api = connection.backend();
  }

  @AfterEach
  void close() {
    connection.close();
    sim.close();
  }

  @Test
  void objectsAreCountedByKindAndState() {
    String volumeId = api.createVolume(CreateVolumeRequest.newBuilder().setSizeGib(4).setZone("sim-a").build())
        .getVolume().getVolumeId();
    api.createVolume(CreateVolumeRequest.newBuilder().setSizeGib(2).setZone("sim-a").build());
    api.registerNode(RegisterNodeRequest.newBuilder().setNodeId("n1").setZone("sim-a").build());
    api.attachVolume(AttachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId("n1").build());

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.value("simebs_backend_objects", "kind", "volume", "state", "available")).hasValue(1);
    assertThat(scrape.value("simebs_backend_objects", "kind", "volume", "state", "in_use")).hasValue(1);
    assertThat(scrape.value("simebs_backend_objects", "kind", "attachment", "state", "attached")).hasValue(1);
    assertThat(scrape.value("simebs_backend_objects", "kind", "node", "state", "registered")).hasValue(1);
  }

  @Test
  void aCopyIsCountedWhileItRunsAndGoneWhenItIsDone() throws Exception {
    assumeTrue(sim.copyMethod() == CopyMethod.EXTENTS,
        "the data directory can reflink, so a snapshot's copy is done before its call answers");
    Volume volume = api.createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1).build()).getVolume();
    ImageData.writeRandom(Path.of(volume.getBackingFile()), 0, 16, 1);
    copyRate(1);

    api.createSnapshot(CreateSnapshotRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
    assertThat(Scrape.of(registry).value("simebs_backend_objects", "kind", "copy", "state", "in_progress"))
        .hasValue(1);

    copyRate(0);
    sim.copies().awaitIdle();
    assertThat(Scrape.of(registry).value("simebs_backend_objects", "kind", "copy", "state", "in_progress"))
        .hasValue(0);
  }

  @Test
  void filesReconciliationQuarantinedAreCounted() throws Exception {
    api.createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1).build());
    assertThat(Scrape.of(registry).value("simebs_backend_objects", "kind", "file", "state", "quarantined"))
        .hasValue(0);
    close();
    Files.writeString(dir.resolve("volumes").resolve("vol-0123456789abcdef0.img"), "stray");
    Files.writeString(dir.resolve("volumes").resolve("notes.txt"), "stray");

    PrometheusRegistry reopened = new PrometheusRegistry();
    sim = BackendSim.open(BackendConfig.defaults(dir), reopened);
    connection = BackendConnection.inProcess(sim.services());

    assertThat(Scrape.of(reopened).value("simebs_backend_objects", "kind", "file", "state", "quarantined"))
        .hasValue(2);
  }

  private void copyRate(int mibPerSecond) {
    connection.admin().setSimulation(
        SimulationConfig.newBuilder().setCopyMibPerSecond(mibPerSecond).build());
  }

  @Test
  void zoneCapacityShowsWhatVolumesUse() {
    api.createVolume(CreateVolumeRequest.newBuilder().setSizeGib(10).setZone("sim-b").build());

    Scrape scrape = Scrape.of(registry);
    long capacityGib = api.describeZones(DescribeZonesRequest.getDefaultInstance()).getZonesList().stream()
        .filter(z -> z.getName().equals("sim-b")).findFirst().orElseThrow().getCapacityGib();
    assertThat(scrape.value("simebs_backend_zone_used_bytes", "zone", "sim-b")).hasValue(10 * GIB);
    assertThat(scrape.value("simebs_backend_zone_free_bytes", "zone", "sim-b")).hasValue((capacityGib - 10) * GIB);
    assertThat(scrape.value("simebs_backend_zone_capacity_bytes", "zone", "sim-b")).hasValue(capacityGib * GIB);
    assertThat(scrape.value("simebs_backend_zone_used_bytes", "zone", "sim-a")).hasValue(0);
  }

  @Test
  void everyCommitAndDirectoryFsyncIsMeasured() {
    String volumeId = api.createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1).build()).getVolume().getVolumeId();
    // A snapshot's copied file must be durable before the commit that ends its copy: one
    // directory fsync, once the background copy is done.
    api.createSnapshot(CreateSnapshotRequest.newBuilder().setVolumeId(volumeId).build());
    sim.copies().awaitIdle();

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.sum("simebs_backend_commit_batch_size_count")).isPositive();
    assertThat(scrape.sum("simebs_backend_commit_batch_size_sum")).isPositive();
    assertThat(scrape.sum("simebs_backend_commit_fsync_seconds_sum")).isPositive();
    assertThat(scrape.sum("simebs_backend_directory_fsync_seconds_count")).isPositive();
  }

  @Test
  void injectedFaultsAndThrottlesAreCounted() {
    connection.admin().addFault(FaultRule.newBuilder()
        .setOperation("CreateVolume").setReason(ErrorReason.INSUFFICIENT_VOLUME_CAPACITY).setNextN(1).build());
    CreateVolumeRequest create = CreateVolumeRequest.newBuilder().setSizeGib(1).build();
    assertThatThrownBy(() -> api.createVolume(create));

    connection.admin().setSimulation(SimulationConfig.newBuilder()
        .addThrottles(ThrottleRule.newBuilder().setOperation("DescribeZones").setRefillPerSecond(0.001).setBurst(1))
        .build());
    api.describeZones(DescribeZonesRequest.getDefaultInstance());
    assertThatThrownBy(() -> api.describeZones(DescribeZonesRequest.getDefaultInstance()));

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.value("simebs_backend_faults_fired_total",
        "operation", "CreateVolume", "reason", "INSUFFICIENT_VOLUME_CAPACITY")).hasValue(1);
    assertThat(scrape.value("simebs_backend_throttled_total", "operation", "DescribeZones")).hasValue(1);
  }
}
