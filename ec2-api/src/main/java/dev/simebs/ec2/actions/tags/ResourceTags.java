package dev.simebs.ec2.actions.tags;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeSnapshotsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Tag;
import java.util.List;
import java.util.function.Supplier;

/** The tags of one volume or snapshot, read from the backend. */
final class ResourceTags {

  private final Supplier<BackendBlockingStub> backend;

  ResourceTags(Supplier<BackendBlockingStub> backend) {
    this.backend = backend;
  }

  List<Tag> of(String resourceId) {
    if (ResourceIds.VOLUME.isValid(resourceId)) {
      return backend.get().describeVolumes(DescribeVolumesRequest.newBuilder()
          .addVolumeIds(resourceId).build()).getVolumes(0).getTagsList();
    }
    return backend.get().describeSnapshots(DescribeSnapshotsRequest.newBuilder()
        .addSnapshotIds(resourceId).build()).getSnapshots(0).getTagsList();
  }
}
