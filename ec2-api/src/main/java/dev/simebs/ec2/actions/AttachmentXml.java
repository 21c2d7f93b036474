package dev.simebs.ec2.actions;

import dev.simebs.backend.api.Attachment;
import dev.simebs.ec2.xml.XmlAnswer;

/** An attachment as EC2 writes one: in a volume's attachmentSet and in Attach/DetachVolume. */
public final class AttachmentXml {

  private AttachmentXml() {}

  public static void write(XmlAnswer out, Attachment attachment) {
    out.text("volumeId", attachment.getVolumeId())
        .text("instanceId", Instances.instanceIdOf(attachment.getNodeId()))
        .text("device", attachment.getDevice())
        .text("status", Ec2Names.attachmentState(attachment));
    if (attachment.hasAttachTime()) {
      out.time("attachTime", attachment.getAttachTime());
    }
    out.text("deleteOnTermination", false);
  }
}
