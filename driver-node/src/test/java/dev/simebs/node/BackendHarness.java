package dev.simebs.node;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.node.testing.CloudVolumes;
import java.nio.file.Path;
import java.util.Optional;

/** backend-sim embedded in-process, its data directory being the node harness's. */
public final class BackendHarness implements AutoCloseable {

  private final BackendSim sim;
  public final BackendConnection connection;

  private BackendHarness(BackendSim sim) {
    this.sim = sim;
    this.connection = BackendConnection.inProcess(sim.services());
  }

  public static BackendHarness open(Path dataDir) throws Exception {
    return new BackendHarness(BackendSim.open(BackendConfig.defaults(dataDir)));
  }

  public BackendGrpc.BackendBlockingStub backend() {
    return connection.backend();
  }

  public Optional<BackendGrpc.BackendBlockingStub> asOptional() {
    return Optional.of(backend());
  }

  /** A volume created in zone sim-a and attached to {@code nodeId}, as the controller would. */
  public Attachment createAndAttach(String nodeId, long sizeGib) {
    return CloudVolumes.createAndAttach(backend(), nodeId, sizeGib);
  }

  public void detachAndDelete(String volumeId, String nodeId) {
    backend()
        .detachVolume(
            DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId).build());
    backend().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build());
  }

  @Override
  public void close() {
    connection.close();
    sim.close();
  }
}
