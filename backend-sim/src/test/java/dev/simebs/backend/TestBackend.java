package dev.simebs.backend;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.FileSystemAdminGrpc;
import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.Volume;
import dev.simebs.common.backend.BackendConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.function.Executable;

/** An in-process backend on a data directory, with helpers that hide the gRPC plumbing. */
final class TestBackend implements AutoCloseable {

  private final BackendConfig config;
  private BackendSim sim;
  private BackendConnection connection;

  TestBackend(BackendConfig config) throws IOException {
    this.config = config;
    start();
  }

  static TestBackend open(Path dataDir) throws IOException {
    return new TestBackend(BackendConfig.defaults(dataDir));
  }

  private void start() throws IOException {
    sim = BackendSim.open(config);
    connection = BackendConnection.inProcess(sim.services());
  }

  /** Closes and reopens the backend on the same data directory. */
  void restart() throws IOException {
    close();
    start();
  }

  Path dataDir() {
    return config.dataDir();
  }

  BackendSim sim() {
    return sim;
  }

  BackendGrpc.BackendBlockingStub api() {
    return connection.backend();
  }

  AdminGrpc.AdminBlockingStub admin() {
    return connection.admin();
  }

  FileSystemsGrpc.FileSystemsBlockingStub fileSystems() {
    return connection.fileSystems();
  }

  FileSystemAdminGrpc.FileSystemAdminBlockingStub fileSystemAdmin() {
    return connection.fileSystemAdmin();
  }

  Volume createVolume(long sizeGib) {
    return createVolume(r -> r.setSizeGib(sizeGib));
  }

  /** Creates a volume; a restore or clone is returned once its copy is done. */
  Volume createVolume(UnaryOperator<CreateVolumeRequest.Builder> request) {
    Volume created =
        api().createVolume(request.apply(CreateVolumeRequest.newBuilder()).build()).getVolume();
    if (created.getSnapshotId().isEmpty() && created.getSourceVolumeId().isEmpty()) {
      return created;
    }
    sim.copies().awaitIdle();
    return describe(created.getVolumeId());
  }

  Volume describe(String volumeId) {
    return api().describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(volumeId).build())
        .getVolumes(0);
  }

  /** Creates a snapshot and returns it once its copy is done (simulated latency may remain). */
  Snapshot snapshot(String volumeId) {
    Snapshot created = api()
        .createSnapshot(CreateSnapshotRequest.newBuilder().setVolumeId(volumeId).build())
        .getSnapshot();
    sim.copies().awaitIdle();
    return describeSnapshot(created.getSnapshotId());
  }

  Snapshot describeSnapshot(String snapshotId) {
    return api().describeSnapshots(
        DescribeSnapshotsRequest.newBuilder().addSnapshotIds(snapshotId).build()).getSnapshots(0);
  }

  void registerNode(String nodeId, String zone) {
    registerNode(nodeId, zone, 0);
  }

  void registerNode(String nodeId, String zone, int limit) {
    api().registerNode(RegisterNodeRequest.newBuilder()
        .setNodeId(nodeId).setZone(zone).setAttachmentLimit(limit).build());
  }

  Attachment attach(String volumeId, String nodeId) {
    return api().attachVolume(AttachVolumeRequest.newBuilder()
        .setVolumeId(volumeId).setNodeId(nodeId).build()).getAttachment();
  }

  Attachment detach(String volumeId, String nodeId, boolean force) {
    return api().detachVolume(DetachVolumeRequest.newBuilder()
        .setVolumeId(volumeId).setNodeId(nodeId).setForce(force).build()).getAttachment();
  }

  /** Asserts that {@code call} fails with {@code reason}; returns the assertion for more checks. */
  static AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      ErrorReason reason, Executable call) {
    return assertThatThrownBy(call::execute)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(BackendErrors.reasonOf(e))
            .as("reason of %s", e)
            .isEqualTo(reason));
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
    if (sim != null) {
      sim.close();
    }
  }
}
