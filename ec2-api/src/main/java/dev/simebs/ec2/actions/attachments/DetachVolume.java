package dev.simebs.ec2.actions.attachments;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeAttachmentsRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DetachVolumeRequest;
import dev.simebs.backend.api.Volume;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.AttachmentXml;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.Instances;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * DetachVolume, with {@code Force} skipping the detach latency. Without {@code InstanceId} the
 * volume's only attachment is meant; a volume attached nowhere is IncorrectState, as in EC2.
 */
public record DetachVolume(Supplier<BackendBlockingStub> backend, Instances instances) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("VolumeId", "InstanceId", "Device", "Force");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    QueryParams p = request.params();
    String volumeId = ResourceIdParams.volumeId(p.required("VolumeId"));
    boolean force = p.flag("Force");
    String nodeId = p.optional("InstanceId").isPresent()
        ? instances.node(Instances.requireWellFormed(p.required("InstanceId"))).getNodeId()
        : onlyAttachment(volumeId).getNodeId();
    Attachment attachment = backend.get().detachVolume(DetachVolumeRequest.newBuilder()
        .setVolumeId(volumeId).setNodeId(nodeId).setForce(force).build()).getAttachment();
    AttachmentXml.write(out, attachment);
  }

  private Attachment onlyAttachment(String volumeId) {
    List<Attachment> attachments = backend.get().describeAttachments(DescribeAttachmentsRequest
        .newBuilder().setVolumeId(volumeId).build()).getAttachmentsList();
    if (attachments.size() > 1) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
          "Volume %s is attached to %d instances; give InstanceId", volumeId,
          attachments.size());
    }
    if (attachments.isEmpty()) {
      Volume volume = backend.get().describeVolumes(DescribeVolumesRequest.newBuilder()
          .addVolumeIds(volumeId).build()).getVolumes(0);
      throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "Volume '%s' is in the '%s' state.",
          volumeId, Ec2Names.volumeState(volume.getState()));
    }
    return attachments.getFirst();
  }
}
