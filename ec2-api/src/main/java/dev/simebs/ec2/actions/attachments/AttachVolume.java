package dev.simebs.ec2.actions.attachments;

import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.AttachVolumeRequest;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.Node;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.AttachmentXml;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.actions.Instances;
import dev.simebs.ec2.actions.ResourceIdParams;
import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;
import java.util.function.Supplier;

/**
 * AttachVolume. EC2 requires {@code Device}; SimEBS accepts it but names the device itself (the
 * lowest free {@code /dev/xvdXX} on the node) and answers with that name.
 */
public record AttachVolume(Supplier<BackendBlockingStub> backend, Instances instances) implements Action.Handler {

  @Override
  public Set<String> parameters() {
    return Set.of("VolumeId", "InstanceId", "Device");
  }

  @Override
  public void answer(Ec2Request request, XmlAnswer out) {
    QueryParams p = request.params();
    String volumeId = ResourceIdParams.volumeId(p.required("VolumeId"));
    String instanceId = Instances.requireWellFormed(p.required("InstanceId"));
    p.required("Device");
    Node node = instances.node(instanceId);
    Attachment attachment = backend.get().attachVolume(AttachVolumeRequest.newBuilder()
        .setVolumeId(volumeId).setNodeId(node.getNodeId()).build()).getAttachment();
    AttachmentXml.write(out, attachment);
  }
}
