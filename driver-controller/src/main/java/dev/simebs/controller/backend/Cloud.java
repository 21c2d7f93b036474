package dev.simebs.controller.backend;

import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateTagsRequest;
import dev.simebs.backend.api.CreateVolumeRequest;
import dev.simebs.backend.api.DeleteSnapshotRequest;
import dev.simebs.backend.api.DeleteTagsRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeSnapshotsResponse;
import dev.simebs.backend.api.DescribeVolumeModificationsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.Filter;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.backend.api.Tag;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import dev.simebs.backend.api.Zone;
import dev.simebs.common.backend.BackendCalls;
import dev.simebs.common.backend.BackendFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backend operations the controller uses, in the controller's terms: lookups answer
 * Optional instead of failing with NOT_FOUND, listings follow the backend's pages to the end.
 * Every call goes through {@link BackendCalls} (deadline, retries, {@link BackendFailure}).
 */
public final class Cloud {

  private final BackendCalls<BackendBlockingStub> calls;

  public Cloud(BackendCalls<BackendBlockingStub> calls) {
    this.calls = calls;
  }

  public Volume createVolume(CreateVolumeRequest request) {
    return calls.call("CreateVolume", stub -> stub.createVolume(request)).getVolume();
  }

  /** Deletes a volume; false when it did not exist. */
  public boolean deleteVolume(String volumeId) {
    try {
      calls.call("DeleteVolume", stub -> stub.deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build()));
      return true;
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.VOLUME_NOT_FOUND)) {
        return false;
      }
      throw failure;
    }
  }

  public Optional<Volume> findVolume(String volumeId) {
    try {
      List<Volume> found =
          describeVolumes(DescribeVolumesRequest.newBuilder().addVolumeIds(volumeId).build());
      return found.stream().filter(v -> v.getVolumeId().equals(volumeId)).findFirst();
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.VOLUME_NOT_FOUND)) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  /** The volume created with an idempotency token, if any. */
  public Optional<Volume> findVolumeByClientToken(String clientToken) {
    return describeVolumes(
            DescribeVolumesRequest.newBuilder()
                .addFilters(Filter.newBuilder().setName("client-token").addValues(clientToken))
                .build())
        .stream()
        .filter(v -> v.getClientToken().equals(clientToken))
        .findFirst();
  }

  /** One page of volumes and the backend's token for the next ("" after the last page). */
  public record VolumePage(List<Volume> volumes, String nextToken) {}

  /**
   * The page after {@code token} ("" for the first), at most {@code maxResults} volumes (0: all).
   * Paging is the backend's keyset paging, so a page costs the same however many volumes exist.
   */
  public VolumePage volumePage(String token, int maxResults) {
    DescribeVolumesRequest request =
        DescribeVolumesRequest.newBuilder().setNextToken(token).setMaxResults(maxResults).build();
    DescribeVolumesResponse response = calls.call("DescribeVolumes", stub -> stub.describeVolumes(request));
    return new VolumePage(response.getVolumesList(), response.getNextToken());
  }

  private List<Volume> describeVolumes(DescribeVolumesRequest request) {
    List<Volume> volumes = new ArrayList<>();
    String token = "";
    do {
      DescribeVolumesRequest page = request.toBuilder().setNextToken(token).build();
      DescribeVolumesResponse response = calls.call("DescribeVolumes", stub -> stub.describeVolumes(page));
      volumes.addAll(response.getVolumesList());
      token = response.getNextToken();
    } while (!token.isEmpty());
    return volumes;
  }

  public VolumeModification modifyVolume(ModifyVolumeRequest request) {
    return calls.call("ModifyVolume", stub -> stub.modifyVolume(request)).getModification();
  }

  public Optional<VolumeModification> findModification(String volumeId) {
    return calls
        .call(
            "DescribeVolumeModifications",
            stub ->
                stub.describeVolumeModifications(
                    DescribeVolumeModificationsRequest.newBuilder().addVolumeIds(volumeId).build()))
        .getModificationsList()
        .stream()
        .filter(m -> m.getVolumeId().equals(volumeId))
        .findFirst();
  }

  /** Attaches, setting {@code volumeTags} on the volume in the same backend transaction. */
  public Attachment attach(String volumeId, String nodeId, List<Tag> volumeTags) {
    AttachVolumeRequest request =
        AttachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId).addAllVolumeTags(volumeTags).build();
    return calls.call("AttachVolume", stub -> stub.attachVolume(request)).getAttachment();
  }

  /** Detaches; false when there was nothing to detach (no volume, node or attachment). */
  public boolean detach(String volumeId, String nodeId, List<String> removeVolumeTags) {
    DetachVolumeRequest request =
        DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeId).addAllRemoveVolumeTags(removeVolumeTags).build();
    try {
      calls.call("DetachVolume", stub -> stub.detachVolume(request));
      return true;
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.VOLUME_NOT_FOUND)
          || failure.is(ErrorReason.NODE_NOT_FOUND)
          || failure.is(ErrorReason.ATTACHMENT_NOT_FOUND)) {
        return false;
      }
      throw failure;
    }
  }

  /** Attachments of a volume (empty when the volume does not exist). */
  public List<Attachment> attachments(String volumeId) {
    try {
      return calls
          .call(
              "DescribeAttachments",
              stub -> stub.describeAttachments(DescribeAttachmentsRequest.newBuilder().setVolumeId(volumeId).build()))
          .getAttachmentsList()
          .stream()
          .filter(a -> a.getVolumeId().equals(volumeId))
          .toList();
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.VOLUME_NOT_FOUND)) {
        return List.of();
      }
      throw failure;
    }
  }

  public Snapshot createSnapshot(CreateSnapshotRequest request) {
    return calls.call("CreateSnapshot", stub -> stub.createSnapshot(request)).getSnapshot();
  }

  /** Deletes a snapshot; false when it did not exist. */
  public boolean deleteSnapshot(String snapshotId) {
    try {
      calls.call(
          "DeleteSnapshot", stub -> stub.deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build()));
      return true;
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.SNAPSHOT_NOT_FOUND)) {
        return false;
      }
      throw failure;
    }
  }

  public Optional<Snapshot> findSnapshot(String snapshotId) {
    try {
      return describeSnapshots(DescribeSnapshotsRequest.newBuilder().addSnapshotIds(snapshotId).build()).stream()
          .filter(s -> s.getSnapshotId().equals(snapshotId))
          .findFirst();
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.SNAPSHOT_NOT_FOUND)) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  public Optional<Snapshot> findSnapshotByClientToken(String clientToken) {
    return describeSnapshots(
            DescribeSnapshotsRequest.newBuilder()
                .addFilters(Filter.newBuilder().setName("client-token").addValues(clientToken))
                .build())
        .stream()
        .filter(s -> s.getClientToken().equals(clientToken))
        .findFirst();
  }

  /** One page of snapshots and the backend's token for the next ("" after the last page). */
  public record SnapshotPage(List<Snapshot> snapshots, String nextToken) {}

  /**
   * The page of snapshots (of {@code volumeId}, or all when it is empty) after {@code token}, at
   * most {@code maxResults} (0: all), paged by the backend. A volume that does not exist has none.
   */
  public SnapshotPage snapshotPage(String volumeId, String token, int maxResults) {
    DescribeSnapshotsRequest request =
        DescribeSnapshotsRequest.newBuilder()
            .setVolumeId(volumeId)
            .setNextToken(token)
            .setMaxResults(maxResults)
            .build();
    try {
      DescribeSnapshotsResponse response =
          calls.call("DescribeSnapshots", stub -> stub.describeSnapshots(request));
      return new SnapshotPage(response.getSnapshotsList(), response.getNextToken());
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.VOLUME_NOT_FOUND)) {
        return new SnapshotPage(List.of(), "");
      }
      throw failure;
    }
  }

  private List<Snapshot> describeSnapshots(DescribeSnapshotsRequest request) {
    List<Snapshot> snapshots = new ArrayList<>();
    String token = "";
    do {
      DescribeSnapshotsRequest page = request.toBuilder().setNextToken(token).build();
      DescribeSnapshotsResponse response = calls.call("DescribeSnapshots", stub -> stub.describeSnapshots(page));
      snapshots.addAll(response.getSnapshotsList());
      token = response.getNextToken();
    } while (!token.isEmpty());
    return snapshots;
  }

  public void createTags(String resourceId, List<Tag> tags) {
    if (!tags.isEmpty()) {
      calls.call(
          "CreateTags",
          stub -> stub.createTags(CreateTagsRequest.newBuilder().setResourceId(resourceId).addAllTags(tags).build()));
    }
  }

  /** Removes tags; a resource that is gone has none left to remove. */
  public void deleteTags(String resourceId, List<String> keys) {
    try {
      calls.call(
          "DeleteTags",
          stub -> stub.deleteTags(DeleteTagsRequest.newBuilder().setResourceId(resourceId).addAllKeys(keys).build()));
    } catch (BackendFailure failure) {
      if (!failure.is(ErrorReason.VOLUME_NOT_FOUND) && !failure.is(ErrorReason.SNAPSHOT_NOT_FOUND)) {
        throw failure;
      }
    }
  }

  public List<Zone> zones() {
    return calls.call("DescribeZones", stub -> stub.describeZones(DescribeZonesRequest.getDefaultInstance()))
        .getZonesList();
  }
}
