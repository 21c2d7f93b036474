package dev.simebs.node.testing;

import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.CreateVolumeRequest;
import java.util.UUID;

/** Volumes made through the backend's API, as the controller makes them. */
public final class CloudVolumes {

  private CloudVolumes() {}

  /** A volume created in zone sim-a and attached to {@code nodeId}. */
  public static Attachment createAndAttach(
      BackendGrpc.BackendBlockingStub backend, String nodeId, long sizeGib) {
    String volumeId =
        backend
            .createVolume(
                CreateVolumeRequest.newBuilder()
                    .setClientToken(UUID.randomUUID().toString())
                    .setSizeGib(sizeGib)
                    .setZone("sim-a")
                    .build())
            .getVolume()
            .getVolumeId();
    return backend
        .attachVolume(
            AttachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId).build())
        .getAttachment();
  }
}
