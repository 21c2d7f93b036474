package dev.simebs.controller.publish;

import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeResponse;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.backend.Poller;
import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.inflight.ControllerInFlight;
import dev.simebs.common.inflight.OperationKey;
import dev.simebs.controller.backend.Cloud;
import dev.simebs.controller.backend.DriverTags;
import dev.simebs.controller.capabilities.CapabilityRules;
import dev.simebs.controller.capabilities.RequestedCapability;
import dev.simebs.controller.requests.ExistingIds;
import dev.simebs.controller.requests.Required;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ControllerPublishVolume and ControllerUnpublishVolume: attach and detach through the backend,
 * waiting (bounded by the caller's deadline) until the attachment settles. The publish context
 * tells the node which backing file to bind.
 */
public final class ControllerPublisher {

  private final Cloud cloud;
  private final Poller poller;
  private final ControllerInFlight inFlight;

  public ControllerPublisher(Cloud cloud, Poller poller, ControllerInFlight inFlight) {
    this.cloud = cloud;
    this.poller = poller;
    this.inFlight = inFlight;
  }

  public ControllerPublishVolumeResponse publish(ControllerPublishVolumeRequest request) {
    String volumeId = Required.text(request.getVolumeId(), "volume_id");
    String nodeId = Required.text(request.getNodeId(), "node_id");
    if (!request.hasVolumeCapability()) {
      throw new InvalidRequest("volume_capability is required");
    }
    RequestedCapability capability = CapabilityRules.read(request.getVolumeCapability(), "volume_capability");
    Publication wanted = Publication.of(capability, request.getReadonly());

    try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Publication(ExistingIds.volume(volumeId), nodeId))) {
      Volume volume =
          cloud.findVolume(volumeId).orElseThrow(() -> ControllerRefusal.missing("volume %s does not exist", volumeId));
      CapabilityRules.problem(capability, volume.getMultiAttach())
          .ifPresent(problem -> { throw new InvalidRequest("volume_capability: %s", problem); });
      List<Attachment> attachments = cloud.attachments(volumeId);
      Optional<Attachment> here = attachmentOn(attachments, nodeId);
      // How it is published here, unless the tag says so already: recorded with the attachment,
      // in one backend commit.
      List<Tag> record =
          recorded(volume, nodeId).equals(Optional.of(wanted))
              ? List.of()
              : List.of(DriverTags.tag(DriverTags.publication(nodeId), wanted.encode()));
      if (here.isPresent() && isLive(here.get())) {
        requireCompatible(volume, nodeId, wanted);
        cloud.createTags(volumeId, record); // an earlier attempt attached, then failed before tagging
      } else {
        here.ifPresent(detaching -> awaitDetached(volumeId, nodeId));
        requireFreeFor(volume, attachments, nodeId, wanted);
        attach(volumeId, nodeId, record);
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
      try (ControllerInFlight.Claim _ = inFlight.claim(new OperationKey.Publication(volumeId, nodeId))) {
        cloud.findVolume(volumeId).ifPresent(volume -> unpublish(volume, nodeId));
      }
    }
    return ControllerUnpublishVolumeResponse.getDefaultInstance();
  }

  /**
   * Detaches from the node (every node when none is named) and forgets how the volume was
   * published there: a detach request removes its node's publication tag in the same backend
   * commit. A retry that finds no attachment (an earlier attempt detached it and failed
   * afterwards) still removes the publication tag, or tags would pile up to the cloud's tag limit
   * and later publishes fail.
   */
  private void unpublish(Volume volume, String nodeId) {
    String volumeId = volume.getVolumeId();
    Set<String> publications =
        volume.getTagsList().stream()
            .map(Tag::getKey)
            .filter(key -> nodeId.isEmpty() ? DriverTags.isPublication(key) : key.equals(DriverTags.publication(nodeId)))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    for (Attachment attachment : volume.getAttachmentsList()) {
      if (nodeId.isEmpty() || attachment.getNodeId().equals(nodeId)) {
        String publication = DriverTags.publication(attachment.getNodeId());
        if (detach(volumeId, attachment, publications.contains(publication) ? List.of(publication) : List.of())) {
          publications.remove(publication);
        }
      }
    }
    if (!publications.isEmpty()) {
      cloud.deleteTags(volumeId, List.copyOf(publications));
    }
  }

  /** Detaches and waits until detached; true when a detach request (with {@code tags}' removal) was accepted. */
  private boolean detach(String volumeId, Attachment attachment, List<String> tags) {
    if (attachment.getState() == AttachmentState.DETACHED) {
      return false;
    }
    String nodeId = attachment.getNodeId();
    boolean requested = isLive(attachment) && cloud.detach(volumeId, nodeId, tags);
    if (requested || !isLive(attachment)) {
      awaitDetached(volumeId, nodeId);
    } // else the attachment (or the volume, and its tags with it) went away meanwhile
    return requested;
  }

  /** Attaches; a node ID the backend cannot even parse names no node, so it is NOT_FOUND too. */
  private void attach(String volumeId, String nodeId, List<Tag> volumeTags) {
    try {
      cloud.attach(volumeId, nodeId, volumeTags);
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.INVALID_PARAMETER_VALUE) && failure.resourceId().equals(nodeId)) {
        throw ControllerRefusal.missing("node %s does not exist", nodeId);
      }
      throw failure;
    }
  }

  /** How the volume was published on this node, as its tag records it. */
  private static Optional<Publication> recorded(Volume volume, String nodeId) {
    return DriverTags.valueOf(volume.getTagsList(), DriverTags.publication(nodeId)).flatMap(Publication::decode);
  }

  /** A repeated publish must ask for what the first one got, or it is ALREADY_EXISTS. */
  private static void requireCompatible(Volume volume, String nodeId, Publication wanted) {
    Optional<Publication> recorded = recorded(volume, nodeId);
    if (recorded.isPresent() && !recorded.get().equals(wanted)) {
      throw ControllerRefusal.conflict(
          "volume %s is already published on node %s as %s, not %s",
          volume.getVolumeId(), nodeId, recorded.get().encode(), wanted.encode());
    }
  }

  /**
   * A volume may be on a second node only when it is multi-attach and every node, this one and
   * those it is already on, asked for a multi-node access mode: a SINGLE_NODE_* publication is a
   * promise that no other node uses the volume, whatever the volume could do.
   */
  private static void requireFreeFor(Volume volume, List<Attachment> attachments, String nodeId, Publication wanted) {
    List<Attachment> others =
        attachments.stream()
            .filter(a -> !a.getNodeId().equals(nodeId) && a.getState() != AttachmentState.DETACHED)
            .toList();
    if (others.isEmpty()) {
      return;
    }
    Attachment other = others.getFirst();
    if (!volume.getMultiAttach()) {
      throw ControllerRefusal.wrongState(
          "volume %s is published on node %s and is not multi-attach", volume.getVolumeId(), other.getNodeId());
    }
    if (!CapabilityRules.isMultiNode(wanted.mode())) {
      throw ControllerRefusal.wrongState(
          "volume %s is published on node %s; access mode %s promises a single node",
          volume.getVolumeId(), other.getNodeId(), wanted.mode());
    }
    for (Attachment attachment : others) {
      Optional<Publication> there = recorded(volume, attachment.getNodeId());
      if (there.isEmpty() || !CapabilityRules.isMultiNode(there.get().mode())) {
        throw ControllerRefusal.wrongState(
            "volume %s is published on node %s for a single node (%s)",
            volume.getVolumeId(),
            attachment.getNodeId(),
            there.map(p -> p.mode().name()).orElse("mode not recorded"));
      }
    }
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
