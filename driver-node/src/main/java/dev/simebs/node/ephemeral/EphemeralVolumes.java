package dev.simebs.node.ephemeral;

import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.paths.RequestPath;
import dev.simebs.node.failure.NodeFailure;
import dev.simebs.node.request.Access;
import dev.simebs.node.request.BackingFiles;
import dev.simebs.node.request.NodeRequests;
import dev.simebs.node.volume.NodePublisher;
import dev.simebs.node.volume.Stager;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSI ephemeral inline volumes: on NodePublish the node asks the cloud for a volume in its own
 * zone, attaches it to itself, stages it privately under its state directory and publishes it; on
 * NodeUnpublish it undoes all of that and deletes the volume. The cloud volume is found again by
 * its tag, never from memory, so a restarted node finishes what a previous run began.
 */
public final class EphemeralVolumes {

  /** The tag that links a cloud volume to the CSI volume ID kubelet gave the inline volume. */
  public static final String TAG_KEY = "ebs.csi.simebs.dev/ephemeral-volume-id";

  private static final Logger log = LoggerFactory.getLogger(EphemeralVolumes.class);
  private static final long CALL_DEADLINE_SECONDS = 10;

  private final Optional<BackendGrpc.BackendBlockingStub> backend;
  private final String nodeId;
  private final Optional<String> zone;
  private final Path ephemeralDir;
  private final Stager stager;
  private final NodePublisher publisher;
  private final BackingFiles backingFiles;
  private final Waiter waiter;

  public EphemeralVolumes(
      Optional<BackendGrpc.BackendBlockingStub> backend,
      String nodeId,
      Optional<String> zone,
      Path ephemeralDir,
      Stager stager,
      NodePublisher publisher,
      BackingFiles backingFiles,
      Duration waitTimeout) {
    this.backend = backend;
    this.nodeId = nodeId;
    this.zone = zone;
    this.ephemeralDir = ephemeralDir;
    this.stager = stager;
    this.publisher = publisher;
    this.backingFiles = backingFiles;
    this.waiter = new Waiter(waitTimeout);
  }

  /** Where the cloud volume behind an inline volume is staged. */
  public Path stagingOf(String cloudVolumeId) {
    return ephemeralDir.resolve(cloudVolumeId);
  }

  /** Publishes the inline volume of a checked request at its target. */
  public void publish(NodeRequests.Publish.Inline request)
      throws IOException, InterruptedException {
    String csiVolumeId = request.csiVolumeId();
    BackendGrpc.BackendBlockingStub cloud = cloud();
    Volume volume = find(cloud, csiVolumeId).orElseGet(() -> create(cloud, request));
    String cloudId = volume.getVolumeId();
    waiter.until(
        "volume " + cloudId + " to become available",
        () -> describe(cloud, cloudId).filter(v -> v.getState() != VolumeState.CREATING));
    Attachment attachment = attach(cloud, cloudId);
    Path backingFile = backingFiles.checkForm(cloudId, attachment.getBackingFile());
    RequestPath staging = staging(cloudId);
    Files.createDirectories(ephemeralDir);
    stager.stage(cloudId, backingFile, staging, request.access());
    publisher.publish(cloudId, staging, request.target(), request.access(), request.readOnly());
    log.info(
        "published inline volume {} as {} at {}", csiVolumeId, cloudId, request.target().path());
  }

  public void unpublish(String csiVolumeId, RequestPath target)
      throws IOException, InterruptedException {
    BackendGrpc.BackendBlockingStub cloud = cloud();
    Optional<Volume> volume = find(cloud, csiVolumeId);
    if (volume.isEmpty()) {
      // Nothing left in the cloud: an earlier unpublish finished. Only the target may remain.
      publisher.unpublish(csiVolumeId, target);
      return;
    }
    String cloudId = volume.get().getVolumeId();
    publisher.unpublish(cloudId, target);
    release(cloud, cloudId);
    log.info("deleted inline volume {} ({})", csiVolumeId, cloudId);
  }

  /** Unstages a cloud volume staged here, detaches it from this node and deletes it. */
  public void release(BackendGrpc.BackendBlockingStub cloud, String cloudId)
      throws IOException, InterruptedException {
    stager.unstage(cloudId, staging(cloudId));
    Files.deleteIfExists(stagingOf(cloudId));
    detach(cloud, cloudId);
    try {
      cloud
          .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(cloudId).build());
    } catch (StatusRuntimeException e) {
      if (BackendErrors.reasonOf(e) != ErrorReason.VOLUME_NOT_FOUND) {
        throw e;
      }
    }
  }

  /** The backend; a node without one cannot make inline volumes. */
  public BackendGrpc.BackendBlockingStub cloud() {
    return backend.orElseThrow(
        () ->
            new NodeFailure.WrongState(
                "ephemeral inline volumes need a backend; start the node with --backend"));
  }

  private RequestPath staging(String cloudId) {
    return RequestPath.own("staging of inline volume " + cloudId, stagingOf(cloudId));
  }

  /** Finds the inline volume by its client token, which the backend indexes (a tag would scan). */
  private Optional<Volume> find(BackendGrpc.BackendBlockingStub cloud, String csiVolumeId) {
    return cloud
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .describeVolumes(
            DescribeVolumesRequest.newBuilder()
                .addFilters(
                    Filter.newBuilder().setName("client-token").addValues(clientToken(csiVolumeId)))
                .build())
        .getVolumesList()
        .stream()
        .filter(v -> v.getState() != VolumeState.DELETING)
        .findFirst();
  }

  private Optional<Volume> describe(BackendGrpc.BackendBlockingStub cloud, String cloudId) {
    return cloud
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(cloudId).build())
        .getVolumesList()
        .stream()
        .findFirst();
  }

  private Volume create(BackendGrpc.BackendBlockingStub cloud, NodeRequests.Publish.Inline inline) {
    String nodeZone =
        zone.orElseThrow(
            () ->
                new NodeFailure.WrongState(
                    "node " + nodeId + " has no zone, so it cannot make an inline volume: label"
                        + " its Node with topology.kubernetes.io/zone or start it with --zone"));
    CreateVolumeRequest.Builder request =
        CreateVolumeRequest.newBuilder()
            .setClientToken(clientToken(inline.csiVolumeId()))
            .setSizeGib(inline.sizeGib())
            .setZone(nodeZone)
            .addTags(Tag.newBuilder().setKey(TAG_KEY).setValue(inline.csiVolumeId()))
            .addTags(Tag.newBuilder().setKey("ebs.csi.simebs.dev/node-id").setValue(nodeId));
    inline.type().ifPresent(request::setType);
    return cloud
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .createVolume(request.build())
        .getVolume();
  }

  private Attachment attach(BackendGrpc.BackendBlockingStub cloud, String cloudId)
      throws InterruptedException {
    if (attachmentHere(cloud, cloudId).isEmpty()) {
      cloud
          .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .attachVolume(
              AttachVolumeRequest.newBuilder().setVolumeId(cloudId).setNodeId(nodeId).build());
    }
    return waiter.until(
        "volume " + cloudId + " to attach to " + nodeId,
        () -> attachmentHere(cloud, cloudId).filter(a -> a.getState() == AttachmentState.ATTACHED));
  }

  private void detach(BackendGrpc.BackendBlockingStub cloud, String cloudId)
      throws InterruptedException {
    if (attachmentHere(cloud, cloudId).isEmpty()) {
      return;
    }
    try {
      cloud
          .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .detachVolume(
              DetachVolumeRequest.newBuilder().setVolumeId(cloudId).setNodeId(nodeId).build());
    } catch (StatusRuntimeException e) {
      ErrorReason reason = BackendErrors.reasonOf(e);
      if (reason != ErrorReason.ATTACHMENT_NOT_FOUND && reason != ErrorReason.VOLUME_NOT_FOUND) {
        throw e;
      }
    }
    waiter.until(
        "volume " + cloudId + " to detach from " + nodeId,
        () -> attachmentHere(cloud, cloudId).isEmpty() ? Optional.of(true) : Optional.empty());
  }

  /** This node's live attachment of the volume (detached ones do not count). */
  private Optional<Attachment> attachmentHere(
      BackendGrpc.BackendBlockingStub cloud, String cloudId) {
    return cloud
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .describeAttachments(
            DescribeAttachmentsRequest.newBuilder().setVolumeId(cloudId).setNodeId(nodeId).build())
        .getAttachmentsList()
        .stream()
        .filter(a -> a.getNodeId().equals(nodeId) && a.getState() != AttachmentState.DETACHED)
        .findFirst();
  }

  /** The cloud's idempotency token for an inline volume: a retried publish never makes two. */
  private static String clientToken(String csiVolumeId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(csiVolumeId.getBytes(StandardCharsets.UTF_8));
      return "inline-" + HexFormat.of().formatHex(hash, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
