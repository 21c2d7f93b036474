package dev.simebs.ec2.actions.tags;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Tag;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.QueryParams;
import java.util.List;
import java.util.function.Supplier;

/** Tags as CreateTags and DeleteTags read them: the resources named, and one resource's tags. */
final class ResourceTags {

  private ResourceTags() {}

  static List<Tag> of(Supplier<BackendBlockingStub> backend, String resourceId) {
    if (ResourceIds.VOLUME.isValid(resourceId)) {
      return backend.get().describeVolumes(DescribeVolumesRequest.newBuilder()
          .addVolumeIds(resourceId).build()).getVolumes(0).getTagsList();
    }
    return backend.get().describeSnapshots(DescribeSnapshotsRequest.newBuilder()
        .addSnapshotIds(resourceId).build()).getSnapshots(0).getTagsList();
  }

  /** The {@code ResourceId.N} volumes and snapshots; at least one is required. */
  static List<String> resourceIds(QueryParams params) {
    List<String> ids = params.list("ResourceId").stream()
        .map(ResourceIdParams::taggableId).toList();
    if (ids.isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER,
          "The request must contain the parameter ResourceId");
    }
    return ids;
  }
}
