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
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.request.Access;
import dev.simebs.node.request.BackingFiles;
import dev.simebs.node.request.Requests;
import dev.simebs.node.volume.Publisher;
import dev.simebs.node.volume.Stager;
import io.grpc.Status;
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
import java.util.regex.Pattern;
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
  // kubelet names inline volumes "csi-<sha256 hex>"; anything path- or tag-hostile is refused.
  private static final Pattern CSI_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final long CALL_DEADLINE_SECONDS = 10;

  private final Optional<BackendGrpc.BackendBlockingStub> backend;
  private final String nodeId;
  private final Optional<String> zone;
  private final InlineVolumeLimits limits;
  private final Path ephemeralDir;
  private final Stager stager;
  private final Publisher publisher;
  private final BackingFiles backingFiles;
  private final Waiter waiter;

  public EphemeralVolumes(
      Optional<BackendGrpc.BackendBlockingStub> backend,
      String nodeId,
      Optional<String> zone,
      InlineVolumeLimits limits,
      Path ephemeralDir,
      Stager stager,
      Publisher publisher,
      BackingFiles backingFiles,
      Duration waitTimeout) {
    this.backend = backend;
    this.nodeId = nodeId;
    this.zone = zone;
    this.limits = limits;
    this.ephemeralDir = ephemeralDir;
    this.stager = stager;
    this.publisher = publisher;
    this.backingFiles = backingFiles;
    this.waiter = new Waiter(waitTimeout);
  }

  public static boolean isEphemeral(Map<String, String> volumeContext) {
    return "true".equals(volumeContext.get(VolumeContextKeys.EPHEMERAL));
  }

  /** True when {@code volumeId} can only be an inline volume's ID (not a cloud volume ID). */
  public static boolean isEphemeralId(String volumeId) {
    return !ResourceIds.VOLUME.isValid(volumeId) && CSI_ID.matcher(volumeId).matches();
  }

  /** Where the cloud volume behind an inline volume is staged. */
  public Path stagingOf(String cloudVolumeId) {
    return ephemeralDir.resolve(cloudVolumeId);
  }

  public void publish(
      String csiVolumeId,
      Path targetPath,
      Access access,
      boolean readOnly,
      Map<String, String> volumeContext)
      throws IOException, InterruptedException {
    checkId(csiVolumeId);
    if (!(access instanceof Access.Filesystem)) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT, "ephemeral inline volumes support mount access only");
    }
    InlineVolumeLimits.InlineVolumeSpec spec = limits.check(volumeContext);
    BackendGrpc.BackendBlockingStub cloud = cloud();
    Volume volume = find(cloud, csiVolumeId).orElseGet(() -> create(cloud, csiVolumeId, spec));
    String cloudId = volume.getVolumeId();
    waiter.until(
        "volume " + cloudId + " to become available",
        () -> describe(cloud, cloudId).filter(v -> v.getState() != VolumeState.CREATING));
    Attachment attachment = attach(cloud, cloudId);
    Path backingFile = backingFiles.check(cloudId, attachment.getBackingFile());
    Path staging = stagingOf(cloudId);
    stager.stage(cloudId, backingFile, staging, access);
    publisher.publish(cloudId, staging, targetPath, access, readOnly);
    log.info("published inline volume {} as {} at {}", csiVolumeId, cloudId, targetPath);
  }

  public void unpublish(String csiVolumeId, Path targetPath)
      throws IOException, InterruptedException {
    checkId(csiVolumeId);
    BackendGrpc.BackendBlockingStub cloud = cloud();
    Optional<Volume> volume = find(cloud, csiVolumeId);
    if (volume.isEmpty()) {
      // Nothing left in the cloud: an earlier unpublish finished. Only the target may remain.
      Files.deleteIfExists(targetPath);
      return;
    }
    String cloudId = volume.get().getVolumeId();
    publisher.unpublish(cloudId, targetPath);
    release(cloud, cloudId);
    log.info("deleted inline volume {} ({})", csiVolumeId, cloudId);
  }

  /** Unstages a cloud volume staged here, detaches it from this node and deletes it. */
  public void release(BackendGrpc.BackendBlockingStub cloud, String cloudId)
      throws IOException, InterruptedException {
    Path staging = stagingOf(cloudId);
    stager.unstage(cloudId, staging);
    Files.deleteIfExists(staging);
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

  /** The backend, or FAILED_PRECONDITION when this node runs without one. */
  public BackendGrpc.BackendBlockingStub cloud() {
    return backend.orElseThrow(
        () ->
            Rpc.fail(
                Status.Code.FAILED_PRECONDITION,
                "ephemeral inline volumes need a backend; start the node with --backend"));
  }

  private static void checkId(String csiVolumeId) {
    if (!CSI_ID.matcher(csiVolumeId).matches()) {
      throw Rpc.fail(
          Status.Code.INVALID_ARGUMENT,
          "volume_id %s is not a valid inline volume ID",
          Requests.printable(csiVolumeId));
    }
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

  private Volume create(
      BackendGrpc.BackendBlockingStub cloud,
      String csiVolumeId,
      InlineVolumeLimits.InlineVolumeSpec spec) {
    String nodeZone =
        zone.orElseThrow(
            () ->
                Rpc.fail(
                    Status.Code.FAILED_PRECONDITION,
                    "node %s has no zone, so it cannot make an inline volume: label its Node"
                        + " with topology.kubernetes.io/zone or start it with --zone",
                    nodeId));
    CreateVolumeRequest request =
        CreateVolumeRequest.newBuilder()
            .setClientToken(clientToken(csiVolumeId))
            .setSizeGib(spec.sizeGib())
            .setType(spec.type())
            .setZone(nodeZone)
            .addTags(Tag.newBuilder().setKey(TAG_KEY).setValue(csiVolumeId))
            .addTags(Tag.newBuilder().setKey("ebs.csi.simebs.dev/node-id").setValue(nodeId))
            .build();
    return cloud
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .createVolume(request)
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
