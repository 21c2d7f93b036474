package dev.simebs.controller.backend;

import com.google.protobuf.Message;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.AttachVolumeResponse;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.CreateTagsRequest;
import dev.simebs.backend.api.CreateVolumeResponse;
import dev.simebs.backend.api.DeleteTagsRequest;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DescribeAttachmentsResponse;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeVolumeModificationsRequest;
import dev.simebs.backend.api.DescribeVolumeModificationsResponse;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.DetachVolumeResponse;
import dev.simebs.backend.api.ModifyVolumeRequest;
import dev.simebs.backend.api.ModifyVolumeResponse;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeModification;
import java.util.List;
import java.util.Optional;

/** What a backend exchange is about: the volume a request names, the objects an answer shows. */
public final class CloudSubjects {

  private CloudSubjects() {}

  /** The one volume a request is about, if it names one. */
  public static Optional<String> volumeOf(Message request) {
    String id =
        switch (request) {
          case AttachVolumeRequest r -> r.getVolumeId();
          case DetachVolumeRequest r -> r.getVolumeId();
          case DeleteVolumeRequest r -> r.getVolumeId();
          case ModifyVolumeRequest r -> r.getVolumeId();
          case DescribeAttachmentsRequest r -> r.getVolumeId();
          case CreateSnapshotRequest r -> r.getVolumeId();
          case DescribeSnapshotsRequest r -> r.getVolumeId();
          case CreateTagsRequest r -> r.getResourceId();
          case DeleteTagsRequest r -> r.getResourceId();
          case DescribeVolumesRequest r -> r.getVolumeIdsCount() == 1 ? r.getVolumeIds(0) : "";
          case DescribeVolumeModificationsRequest r -> r.getVolumeIdsCount() == 1 ? r.getVolumeIds(0) : "";
          default -> "";
        };
    return ResourceIds.VOLUME.isValid(id) ? Optional.of(id) : Optional.empty();
  }

  /** The volumes an answer shows. */
  public static List<Volume> volumesIn(Message answer) {
    return switch (answer) {
      case DescribeVolumesResponse r -> r.getVolumesList();
      case CreateVolumeResponse r -> List.of(r.getVolume());
      default -> List.of();
    };
  }

  /** The attachments an answer shows, directly or inside the volumes it shows. */
  public static List<Attachment> attachmentsIn(Message answer) {
    return switch (answer) {
      case DescribeAttachmentsResponse r -> r.getAttachmentsList();
      case AttachVolumeResponse r -> List.of(r.getAttachment());
      case DetachVolumeResponse r -> List.of(r.getAttachment());
      case DescribeVolumesResponse r -> r.getVolumesList().stream().flatMap(v -> v.getAttachmentsList().stream()).toList();
      default -> List.of();
    };
  }

  /** The volume modifications an answer shows. */
  public static List<VolumeModification> modificationsIn(Message answer) {
    return switch (answer) {
      case DescribeVolumeModificationsResponse r -> r.getModificationsList();
      case ModifyVolumeResponse r -> List.of(r.getModification());
      default -> List.of();
    };
  }
}
