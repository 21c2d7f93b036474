package dev.simebs.dist.e2e;

import static dev.simebs.dist.e2e.AllInOneDriver.GIB;
import static dev.simebs.dist.e2e.AllInOneDriver.block;
import static dev.simebs.dist.e2e.AllInOneDriver.fromSnapshot;
import static dev.simebs.dist.e2e.AllInOneDriver.mount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.ControllerGetVolumeRequest;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeCondition;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FaultRule;
import dev.simebs.backend.api.LatencyRule;
import dev.simebs.backend.api.SetVolumeImpairedRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.testing.HostRequirements;
import dev.simebs.common.testing.Scrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one driver as an operator sees it: /metrics scraped over HTTP after a lifecycle on
 * real loop devices (every series there, with the right labels, and values that moved), /healthz,
 * and a volume the cloud marks impaired reported abnormal by every RPC that carries a condition.
 */
class OperatedAllInOneTest {

  private static final long MIB = 1 << 20;

  @TempDir Path dir;
  private AllInOneDriver driver;
  private BackendConnection cloud;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4");
    driver = AllInOneDriver.startOperated(dir);
    cloud = driver.cloud();
  }

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
    }
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void aLifecycleMovesEverySeriesOnTheMetricsEndpoint() throws Exception {
    // sc1 is provisioned for 1 MiB/s at this size, so a burst of direct I/O exceeds it.
    VolumeCapability capability = block();
    Volume volume = driver.create("metrics", 125 * GIB, capability, Map.of("type", "sc1"));
    String volumeId = volume.getVolumeId();
    assertThatThrownBy(() -> driver.create("lost", GIB, mount("ext4"), fromSnapshot("snap-0123456789abcdef0")));
    Path device = driver.target("io-pod");
    driver.attachAndMount(volume, capability, device);
    Scrape.over(driver.httpAddress()); // the sampler's baseline for the new volume

    directIo(device, 32 * MIB);
    Scrape staged = Scrape.over(driver.httpAddress());

    String[] ofVolume = {"volume_id", volumeId, "node_id", driver.nodeId};
    assertThat(staged.value("simebs_write_bytes_total", ofVolume).getAsDouble()).isGreaterThanOrEqualTo(32.0 * MIB);
    assertThat(staged.value("simebs_read_bytes_total", ofVolume).getAsDouble()).isGreaterThanOrEqualTo(32.0 * MIB);
    assertThat(staged.value("simebs_write_ops_total", ofVolume).getAsDouble()).isPositive();
    assertThat(staged.value("simebs_read_ops_total", ofVolume).getAsDouble()).isPositive();
    assertThat(staged.value("simebs_write_seconds_total", ofVolume)).isPresent();
    assertThat(staged.value("simebs_read_seconds_total", ofVolume)).isPresent();
    assertThat(staged.value("simebs_exceeded_tp_seconds_total", ofVolume).getAsDouble()).isPositive();
    assertThat(staged.value("simebs_exceeded_iops_seconds_total", ofVolume)).isPresent();
    assertThat(staged.value("simebs_backend_objects", "kind", "volume", "state", "in_use")).hasValue(1);
    assertThat(staged.value("simebs_backend_objects", "kind", "attachment", "state", "attached")).hasValue(1);
    assertThat(staged.value("simebs_backend_zone_used_bytes", "zone", "sim-a")).hasValue(125.0 * GIB);

    driver.snapshot("metrics-snap", volumeId);
    cloud.admin().setSimulation(SimulationConfig.newBuilder()
        .addLatencies(LatencyRule.newBuilder().setOperation("DetachVolume").setMinMillis(200).setMaxMillis(200))
        .build());
    cloud.admin().addFault(FaultRule.newBuilder()
        .setOperation("DeleteVolume").setReason(ErrorReason.REQUEST_LIMIT_EXCEEDED).setNextN(1).build());
    driver.tearDown(volume, device);
    Scrape after = Scrape.over(driver.httpAddress());

    assertThat(after.value("simebs_csi_operations_seconds_count",
        "method", "/csi.v1.Controller/CreateVolume", "grpc_status_code", "OK")).hasValue(1);
    assertThat(after.value("simebs_csi_operations_seconds_count",
        "method", "/csi.v1.Controller/CreateVolume", "grpc_status_code", "NOT_FOUND")).hasValue(1);
    assertThat(after.value("simebs_csi_operations_seconds_count",
        "method", "/csi.v1.Node/NodeStageVolume", "grpc_status_code", "OK")).hasValue(1);
    assertThat(after.value("simebs_csi_operations_seconds_count",
        "method", "/simebs.backend.v1.Admin/SetSimulation", "grpc_status_code", "OK")).hasValue(1);
    for (String request : new String[] {"CreateVolume", "AttachVolume", "DetachVolume", "CreateSnapshot", "DeleteVolume"}) {
      assertThat(after.value("simebs_api_request_duration_seconds_count", "request", request).getAsDouble())
          .as(request).isPositive();
    }
    assertThat(after.sum("simebs_api_request_errors_total", "error", "SnapshotNotFound")).isPositive();
    assertThat(after.value("simebs_api_request_throttles_total", "request", "DeleteVolume")).hasValue(1);
    assertThat(after.value("simebs_detach_pending_seconds_total",
        "volume_id", volumeId, "node_id", driver.nodeId, "attachment_state", "detaching").getAsDouble()).isPositive();
    assertThat(after.value("simebs_backend_faults_fired_total",
        "operation", "DeleteVolume", "reason", "REQUEST_LIMIT_EXCEEDED")).hasValue(1);
    assertThat(after.sum("simebs_backend_commit_batch_size_count")).isPositive();
    assertThat(after.sum("simebs_backend_commit_fsync_seconds_sum")).isPositive();
    assertThat(after.value("simebs_backend_zone_used_bytes", "zone", "sim-a")).hasValue(0);
    assertThat(after.select("simebs_write_bytes_total", ofVolume)).as("an unstaged volume has no I/O series").isEmpty();
  }

  @Test
  void healthzAnswersOkWhileTheDriverIsReady() throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create("http://" + driver.httpAddress() + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aVolumeTheCloudMarksImpairedIsAbnormalInGetVolumeListVolumesAndNodeStats() throws Exception {
    VolumeCapability capability = mount("ext4");
    Volume volume = driver.create("health", GIB, capability);
    Path target = driver.target("health-pod");
    driver.attachAndMount(volume, capability, target);
    assertThat(conditions(volume, target)).allSatisfy(c -> assertThat(c.getAbnormal()).isFalse());

    cloud.admin().setVolumeImpaired(SetVolumeImpairedRequest.newBuilder()
        .setVolumeId(volume.getVolumeId()).setImpaired(true).setReason("io-stalled").build());

    assertThat(conditions(volume, target)).hasSize(3).allSatisfy(c -> {
      assertThat(c.getAbnormal()).isTrue();
      assertThat(c.getMessage()).contains("impaired", "io-stalled");
    });
    driver.tearDown(volume, target);
  }

  /** The volume's condition as ControllerGetVolume, ListVolumes and NodeGetVolumeStats report it. */
  private java.util.List<VolumeCondition> conditions(Volume volume, Path target) {
    String volumeId = volume.getVolumeId();
    VolumeCondition get =
        driver.controller.controllerGetVolume(ControllerGetVolumeRequest.newBuilder().setVolumeId(volumeId).build())
            .getStatus().getVolumeCondition();
    ListVolumesResponse listed = driver.controller.listVolumes(ListVolumesRequest.getDefaultInstance());
    VolumeCondition list =
        listed.getEntriesList().stream()
            .filter(e -> e.getVolume().getVolumeId().equals(volumeId))
            .findFirst().orElseThrow().getStatus().getVolumeCondition();
    VolumeCondition stats =
        driver.node.nodeGetVolumeStats(NodeGetVolumeStatsRequest.newBuilder()
            .setVolumeId(volumeId).setVolumePath(target.toString()).build()).getVolumeCondition();
    return java.util.List.of(get, list, stats);
  }

  /** Writes then reads {@code bytes} straight to and from the device, past the page cache. */
  private static void directIo(Path device, long bytes) throws Exception {
    try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE,
        com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect((int) (2 * MIB)).alignedSlice(4096).limit((int) MIB);
      for (long at = 0; at < bytes; at += MIB) {
        buffer.clear().limit((int) MIB);
        while (buffer.hasRemaining()) {
          buffer.put((byte) (at >>> 20));
        }
        buffer.flip();
        channel.write(buffer, at);
      }
      for (long at = 0; at < bytes; at += MIB) {
        buffer.clear().limit((int) MIB);
        channel.read(buffer, at);
      }
    }
  }
}
