package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;
import java.util.function.Supplier;

/** DeleteVolume: an attached volume is VolumeInUse; an unknown one InvalidVolume.NotFound. */
public record DeleteVolume(Supplier<BackendBlockingStub> backend) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("VolumeId");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    String volumeId = ResourceIdParams.volumeId(request.params().required("VolumeId"));
    backend.get().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build());
    out.text("return", true);
  }
}
