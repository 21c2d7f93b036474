package dev.simebs.ec2.actions.snapshots;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DeleteSnapshotRequest;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;
import java.util.function.Supplier;

/** DeleteSnapshot: an unknown snapshot is InvalidSnapshot.NotFound. */
public record DeleteSnapshot(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("SnapshotId");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    String snapshotId = ResourceIdParams.snapshotId(request.params().required("SnapshotId"));
    backend.get().deleteSnapshot(
        DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build());
    out.text("return", true);
  }
}
