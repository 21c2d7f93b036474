package dev.simebs.controller.publish;

import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeResponse;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Volume;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.backend.DriverTags;
import dev.simebs.common.backend.Poller;
import dev.simebs.controller.capabilities.CapabilityRules;
import dev.simebs.controller.capabilities.RequestedCapability;
import dev.simebs.controller.inflight.InFlight;
import dev.simebs.controller.inflight.OperationKey;
import dev.simebs.controller.parameters.Invalid;
import dev.simebs.controller.requests.Required;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;

/**
 * ControllerPublishVolume and ControllerUnpublishVolume: attach and detach through the backend,
 * waiting (bounded by the caller's deadline) until the attachment settles. The publish context
 * tells the node which backing file to bind.
 */
public final class Publisher {

  private final Cloud cloud;
  private final Poller poller;
  private final InFlight inFlight;

  public Publisher(Cloud cloud, Poller poller, InFlight inFlight) {
    this.cloud = cloud;
    this.poller = poller;
    this.inFlight = inFlight;
  }

  public ControllerPublishVolumeResponse publish(ControllerPublishVolumeRequest request) {
    String volumeId = Required.volumeId(request.getVolumeId(), "volume_id");
    String nodeId = Required.text(request.getNodeId(), "node_id");
    if (!request.hasVolumeCapability()) {
      throw Invalid.argument("volume_capability is required");
    }
    RequestedCapability capability = CapabilityRules.read(request.getVolumeCapability(), "volume_capability");
    Publication wanted = Publication.of(capability, request.getReadonly());

    try (InFlight.Claim _ = inFlight.claim(new OperationKey.Publication(volumeId, nodeId))) {
      Volume volume =
          cloud.findVolume(volumeId)
              .orElseThrow(() -> Rpc.fail(Status.Code.NOT_FOUND, "volume %s does not exist", volumeId));
      CapabilityRules.problem(capability, volume.getMultiAttach())
          .ifPresent(problem -> { throw Invalid.argument("volume_capability: %s", problem); });
      List<Attachment> attachments = cloud.attachments(volumeId);
      Optional<Attachment> here = attachmentOn(attachments, nodeId);
      if (here.isPresent() && isLive(here.get())) {
        requireCompatible(volume, nodeId, wanted);
      } else {
        here.ifPresent(detaching -> awaitDetached(volumeId, nodeId));
        requireFreeFor(volume, attachments, nodeId);
        attach(volumeId, nodeId);
      }
      if (!recorded(volume, nodeId).equals(Optional.of(wanted))) {
        cloud.createTags(volumeId, List.of(DriverTags.tag(DriverTags.publication(nodeId), wanted.encode())));
      }
      Attachment attached = awaitAttached(volumeId, nodeId);
      return ControllerPublishVolumeResponse.newBuilder()
          .putPublishContext(VolumeContextKeys.BACKING_FILE, attached.getBackingFile())
          .putPublishContext(VolumeContextKeys.DEVICE_NAME, attached.getDevice())
          .build();
    }
  }

  public ControllerUnpublishVolumeResponse unpublish(ControllerUnpublishVolumeRequest request) {
    String volumeId = Required.text(request.getVolumeId(), "volume_id");
    String nodeId = request.getNodeId();
    if (ResourceIds.VOLUME.isValid(volumeId)) {
      try (InFlight.Claim _ = inFlight.claim(new OperationKey.Publication(volumeId, nodeId))) {
        List<String> nodes =
            nodeId.isEmpty()
                ? cloud.attachments(volumeId).stream().map(Attachment::getNodeId).distinct().toList()
                : List.of(nodeId);
        for (String node : nodes) {
          detach(volumeId, node);
        }
      }
    }
    return ControllerUnpublishVolumeResponse.getDefaultInstance();
  }

  /** Attaches; a node ID the backend cannot even parse names no node, so it is NOT_FOUND too. */
  private void attach(String volumeId, String nodeId) {
    try {
      cloud.attach(volumeId, nodeId);
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.INVALID_PARAMETER_VALUE) && failure.resourceId().equals(nodeId)) {
        throw Rpc.fail(Status.Code.NOT_FOUND, "node %s does not exist", nodeId);
      }
      throw failure;
    }
  }

  private void detach(String volumeId, String nodeId) {
    Optional<Attachment> attachment = attachmentOn(cloud.attachments(volumeId), nodeId);
    if (attachment.isEmpty()) {
      return;
    }
    if (isLive(attachment.get()) && !cloud.detach(volumeId, nodeId)) {
      return; // volume, node or attachment went away meanwhile: unpublished all the same
    }
    awaitDetached(volumeId, nodeId);
    cloud.deleteTags(volumeId, List.of(DriverTags.publication(nodeId)));
  }

  /** How the volume was published on this node, as its tag records it. */
  private static Optional<Publication> recorded(Volume volume, String nodeId) {
    return DriverTags.valueOf(volume.getTagsList(), DriverTags.publication(nodeId)).flatMap(Publication::decode);
  }

  /** A repeated publish must ask for what the first one got, or it is ALREADY_EXISTS. */
  private static void requireCompatible(Volume volume, String nodeId, Publication wanted) {
    Optional<Publication> recorded = recorded(volume, nodeId);
    if (recorded.isPresent() && !recorded.get().equals(wanted)) {
      throw Rpc.fail(
          Status.Code.ALREADY_EXISTS,
          "volume %s is already published on node %s as %s, not %s",
          volume.getVolumeId(), nodeId, recorded.get().encode(), wanted.encode());
    }
  }

  /** A volume that is not multi-attach may be attached to one node only. */
  private static void requireFreeFor(Volume volume, List<Attachment> attachments, String nodeId) {
    if (volume.getMultiAttach()) {
      return;
    }
    attachments.stream()
        .filter(a -> !a.getNodeId().equals(nodeId) && a.getState() != AttachmentState.DETACHED)
        .findFirst()
        .ifPresent(
            other -> {
              throw Rpc.fail(
                  Status.Code.FAILED_PRECONDITION,
                  "volume %s is published on node %s and is not multi-attach",
                  volume.getVolumeId(), other.getNodeId());
            });
  }

  private Attachment awaitAttached(String volumeId, String nodeId) {
    return poller.until(
        "volume " + volumeId + " to attach to node " + nodeId,
        () -> attachmentOn(cloud.attachments(volumeId), nodeId).orElse(null),
        attachment -> attachment != null && attachment.getState() == AttachmentState.ATTACHED);
  }

  private void awaitDetached(String volumeId, String nodeId) {
    poller.until(
        "volume " + volumeId + " to detach from node " + nodeId,
        () -> attachmentOn(cloud.attachments(volumeId), nodeId),
        attachment -> attachment.isEmpty());
  }

  /** The volume's attachment to a node, unless it is fully detached. */
  private static Optional<Attachment> attachmentOn(List<Attachment> attachments, String nodeId) {
    return attachments.stream()
        .filter(a -> a.getNodeId().equals(nodeId) && a.getState() != AttachmentState.DETACHED)
        .findFirst();
  }

  /** Attaching or attached, as opposed to on its way out. */
  private static boolean isLive(Attachment attachment) {
    return attachment.getState() == AttachmentState.ATTACHING || attachment.getState() == AttachmentState.ATTACHED;
  }
}
