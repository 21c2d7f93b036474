package dev.simebs.ec2.actions.snapshots;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.CreateSnapshotRequest;
import dev.simebs.backend.api.Snapshot;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.actions.TagParams;
import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;
import java.util.function.Supplier;

/** CreateSnapshot: a point-in-time copy of a volume, pending until the backend completes it. */
public record CreateSnapshot(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("VolumeId", "Description", "TagSpecification");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    QueryParams p = request.params();
    CreateSnapshotRequest create = CreateSnapshotRequest.newBuilder()
        .setVolumeId(ResourceIdParams.volumeId(p.required("VolumeId")))
        .setDescription(p.optional("Description").orElse(""))
        .addAllTags(TagParams.specified(p, "snapshot"))
        .build();
    Snapshot snapshot = backend.get().createSnapshot(create).getSnapshot();
    SnapshotXml.write(out, snapshot);
  }
}
