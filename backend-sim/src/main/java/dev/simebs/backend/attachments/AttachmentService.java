package dev.simebs.backend.attachments;

import static dev.simebs.backend.api.ErrorReason.ATTACHMENT_LIMIT_EXCEEDED;
import static dev.simebs.backend.api.ErrorReason.ATTACHMENT_NOT_FOUND;
import static dev.simebs.backend.api.ErrorReason.INCORRECT_STATE;
import static dev.simebs.backend.api.ErrorReason.VOLUME_IN_USE;
import static dev.simebs.backend.api.ErrorReason.ZONE_MISMATCH;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.backend.copies.Copy;
import dev.simebs.backend.copies.CopyRows;
import dev.simebs.backend.files.CopyMethod;
import dev.simebs.backend.model.Checks;
import dev.simebs.backend.model.NotFound;
import dev.simebs.backend.model.Timestamps;
import dev.simebs.backend.model.Views;
import dev.simebs.backend.nodes.NodeRegistrationService;
import dev.simebs.backend.nodes.NodeRows;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.backend.store.Database;
import dev.simebs.backend.store.Timers;
import dev.simebs.backend.tags.TagService;
import dev.simebs.backend.volumes.VolumeRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attaching volumes to nodes: zone, per-node limit, multi-attach and state rules, device names,
 * and the attaching/detaching transitions (which stuck-attachment rules can hold).
 */
public final class AttachmentService {

  /** The cloud's cap on nodes sharing one multi-attach volume. */
  public static final int MAX_MULTI_ATTACH = 16;

  private final Database db;
  private final Simulation simulation;
  private final Timers timers;
  private final Clock clock;
  private final Views views;
  private final int defaultLimit;
  /** Detaches a stuck rule holds, completed when it goes; lost with a restart, as the rules are. */
  private final Set<Pair> heldDetaches = ConcurrentHashMap.newKeySet();

  private record Pair(String volumeId, String nodeId) {}

  public AttachmentService(Database db, Simulation simulation, Timers timers, Clock clock,
      Views views, int defaultLimit) {
    this.db = db;
    this.simulation = simulation;
    this.timers = timers;
    this.clock = clock;
    this.views = views;
    this.defaultLimit = defaultLimit;
    simulation.onChange(this::releaseUnstuck);
  }

  /**
   * Attaches the volume to the node, and sets {@code volumeTags} on the volume in the same
   * transaction (also when it was attached already, so a retry records them too).
   */
  public Attachment attach(String volumeId, String nodeId, List<Tag> volumeTags) {
    Checks.volumeId("volume_id", volumeId);
    Checks.nodeId("node_id", nodeId);
    Checks.tags(volumeTags);
    Duration latency = simulation.latency("AttachVolume");
    boolean stuck = simulation.stuck(volumeId, nodeId);
    record Outcome(Attachment attachment, boolean fresh) {}
    Outcome outcome = db.write(c -> {
      Volume volume = VolumeRows.find(c, volumeId)
          .orElseThrow(() -> NotFound.volume(volumeId)).volume();
      NodeRows.Stored node = NodeRows.find(c, nodeId).orElseThrow(() -> NodeRegistrationService.notFound(nodeId));
      Optional<Attachment> existing = AttachmentRows.find(c, volumeId, nodeId);
      if (existing.isPresent() && existing.get().getState() == AttachmentState.DETACHING) {
        throw BackendErrors.error(INCORRECT_STATE,
            "volume %s is detaching from %s; attach again once it is detached"
                .formatted(volumeId, nodeId), volumeId);
      }
      if (existing.isPresent()) {
        if (!volumeTags.isEmpty()) {
          VolumeRows.update(c, tagged(volume, volumeTags), 0);
        }
        return new Outcome(existing.get(), false);
      }
      checkAttachable(c, volume, node);
      String device = DeviceNames.firstFree(
          AttachmentRows.ofNode(c, nodeId).stream().map(Attachment::getDevice).toList());
      boolean pending = stuck || !latency.isZero();
      Attachment attachment = Attachment.newBuilder()
          .setVolumeId(volumeId)
          .setNodeId(nodeId)
          .setDevice(device)
          .setState(pending ? AttachmentState.ATTACHING : AttachmentState.ATTACHED)
          .setAttachTime(Timestamps.ofMillis(clock.millis()))
          .build();
      AttachmentRows.insert(c, attachment, pending ? clock.millis() + latency.toMillis() : 0);
      VolumeRows.update(c, tagged(volume, volumeTags).toBuilder().setState(VolumeState.IN_USE).build(), 0);
      VolumeRows.markAttached(c, volumeId);
      return new Outcome(attachment, true);
    });
    if (outcome.fresh() && outcome.attachment().getState() == AttachmentState.ATTACHING) {
      timers.after(latency, "attachment of " + volumeId + " to " + nodeId,
          () -> completeAttach(volumeId, nodeId));
    }
    return views.attachment(outcome.attachment());
  }

  /**
   * Detaches the volume from the node, and removes the tags with {@code removeVolumeTags}' keys
   * from the volume in the same transaction (nothing is removed when there is no attachment).
   */
  public Attachment detach(String volumeId, String nodeId, boolean force, List<String> removeVolumeTags) {
    Checks.volumeId("volume_id", volumeId);
    Checks.nodeId("node_id", nodeId);
    Duration latency = force ? Duration.ZERO : simulation.latency("DetachVolume");
    boolean held = !force && simulation.stuck(volumeId, nodeId);
    if (force) {
      heldDetaches.remove(new Pair(volumeId, nodeId));
    }
    Attachment result = db.write(c -> {
      VolumeRows.Stored stored = VolumeRows.find(c, volumeId).orElseThrow(() -> NotFound.volume(volumeId));
      Attachment attachment = AttachmentRows.find(c, volumeId, nodeId).orElseThrow(() ->
          BackendErrors.error(ATTACHMENT_NOT_FOUND,
              "volume %s is not attached to %s".formatted(volumeId, nodeId), volumeId));
      if (!removeVolumeTags.isEmpty()) {
        Volume volume = stored.volume();
        VolumeRows.update(c, volume.toBuilder().clearTags()
            .addAllTags(TagService.without(volume.getTagsList(), removeVolumeTags)).build(), stored.dueAt());
      }
      if (attachment.getState() == AttachmentState.DETACHING && !force) {
        return attachment;
      }
      if (held || !latency.isZero()) {
        AttachmentRows.setState(c, volumeId, nodeId, AttachmentState.DETACHING);
        return attachment.toBuilder().setState(AttachmentState.DETACHING).build();
      }
      removeAttachment(c, volumeId, nodeId);
      return attachment.toBuilder().setState(AttachmentState.DETACHED).build();
    });
    if (result.getState() == AttachmentState.DETACHING) {
      if (!latency.isZero()) {
        timers.after(latency, "detachment of " + volumeId + " from " + nodeId,
            () -> completeDetach(volumeId, nodeId));
      } else if (held) {
        heldDetaches.add(new Pair(volumeId, nodeId));
      }
    }
    return views.attachment(result);
  }

  /** Attachments of a volume, of a node, of both, or all when both are empty. */
  public List<Attachment> describe(String volumeId, String nodeId) {
    if (!volumeId.isEmpty()) {
      Checks.volumeId("volume_id", volumeId);
    }
    List<Attachment> found = db.read(c -> volumeId.isEmpty()
        ? (nodeId.isEmpty() ? AttachmentRows.all(c) : AttachmentRows.ofNode(c, nodeId))
        : AttachmentRows.ofVolume(c, volumeId));
    return found.stream()
        .filter(a -> nodeId.isEmpty() || a.getNodeId().equals(nodeId))
        .map(views::attachment)
        .toList();
  }

  /** Completes every attaching/detaching transition; run once at start, before serving. */
  public void recover() {
    for (Attachment a : db.read(c -> AttachmentRows.inState(c, AttachmentState.DETACHING))) {
      completeDetach(a.getVolumeId(), a.getNodeId());
    }
    releaseUnstuck();
  }

  private void completeAttach(String volumeId, String nodeId) {
    if (simulation.stuck(volumeId, nodeId)) {
      return; // released by releaseUnstuck when the rule goes
    }
    db.write(c -> {
      Optional<Attachment> a = AttachmentRows.find(c, volumeId, nodeId);
      if (a.isPresent() && a.get().getState() == AttachmentState.ATTACHING) {
        AttachmentRows.setState(c, volumeId, nodeId, AttachmentState.ATTACHED);
      }
      return null;
    });
  }

  private void completeDetach(String volumeId, String nodeId) {
    if (simulation.stuck(volumeId, nodeId)) {
      heldDetaches.add(new Pair(volumeId, nodeId)); // until the rule goes, or a forced detach
      return;
    }
    db.write(c -> {
      Optional<Attachment> a = AttachmentRows.find(c, volumeId, nodeId);
      if (a.isPresent() && a.get().getState() == AttachmentState.DETACHING) {
        removeAttachment(c, volumeId, nodeId);
      }
      return null;
    });
  }

  /** Attaching and detaching attachments that no rule holds any more are completed. */
  private void releaseUnstuck() {
    List<Attachment> attaching = db.read(c -> AttachmentRows.inState(c, AttachmentState.ATTACHING));
    for (Attachment a : attaching) {
      if (!simulation.stuck(a.getVolumeId(), a.getNodeId())) {
        completeAttach(a.getVolumeId(), a.getNodeId());
      }
    }
    for (Pair pair : heldDetaches) {
      if (!simulation.stuck(pair.volumeId(), pair.nodeId()) && heldDetaches.remove(pair)) {
        completeDetach(pair.volumeId(), pair.nodeId());
      }
    }
  }

  private static Volume tagged(Volume volume, List<Tag> tags) {
    return tags.isEmpty()
        ? volume
        : volume.toBuilder().clearTags().addAllTags(TagService.merged(volume.getTagsList(), tags)).build();
  }

  private void checkAttachable(Connection c, Volume volume, NodeRows.Stored node)
      throws SQLException {
    String volumeId = volume.getVolumeId();
    if (volume.getState() != VolumeState.AVAILABLE && volume.getState() != VolumeState.IN_USE) {
      throw BackendErrors.error(INCORRECT_STATE,
          "volume %s is %s; only available volumes can be attached"
              .formatted(volumeId, volume.getState()), volumeId);
    }
    // An extent copy is one instant only while nothing writes its source (no reflink here).
    Optional<Copy> copying = CopyRows.from(c, volumeId).stream()
        .filter(copy -> copy.method() == CopyMethod.EXTENTS)
        .findFirst();
    if (copying.isPresent() && volume.getState() == VolumeState.AVAILABLE) {
      throw BackendErrors.error(INCORRECT_STATE,
          "volume %s is being copied into %s; it can be attached once the copy is done"
              .formatted(volumeId, copying.get().targetId()), volumeId);
    }
    if (!volume.getZone().equals(node.zone())) {
      throw BackendErrors.error(ZONE_MISMATCH,
          "volume %s is in zone %s, node %s in zone %s"
              .formatted(volumeId, volume.getZone(), node.id(), node.zone()), volumeId);
    }
    List<Attachment> others = AttachmentRows.ofVolume(c, volumeId);
    if (!others.isEmpty() && !volume.getMultiAttach()) {
      throw BackendErrors.error(VOLUME_IN_USE,
          "volume %s is attached to %s and is not multi-attach"
              .formatted(volumeId, others.getFirst().getNodeId()), volumeId);
    }
    if (others.size() >= MAX_MULTI_ATTACH) {
      throw BackendErrors.error(ATTACHMENT_LIMIT_EXCEEDED,
          "volume %s is already attached to %d nodes, the most a multi-attach volume may have"
              .formatted(volumeId, MAX_MULTI_ATTACH), volumeId);
    }
    int limit = node.limit() == 0 ? defaultLimit : node.limit();
    if (node.attachments() >= limit) {
      throw BackendErrors.error(ATTACHMENT_LIMIT_EXCEEDED,
          "node %s already has %d of its %d attachments"
              .formatted(node.id(), node.attachments(), limit), node.id());
    }
  }

  private static void removeAttachment(Connection c, String volumeId, String nodeId)
      throws SQLException {
    AttachmentRows.delete(c, volumeId, nodeId);
    if (AttachmentRows.ofVolume(c, volumeId).isEmpty()) {
      Optional<VolumeRows.Stored> stored = VolumeRows.find(c, volumeId);
      if (stored.isPresent() && stored.get().volume().getState() == VolumeState.IN_USE) {
        VolumeRows.update(c,
            stored.get().volume().toBuilder().setState(VolumeState.AVAILABLE).build(), 0);
      }
    }
  }
}
