package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeType;
import dev.simebs.ec2.actions.AttachmentXml;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.TagParams;
import dev.simebs.ec2.xml.XmlAnswer;

/** A volume's fields as EC2 writes them (in CreateVolume's answer and DescribeVolumes' items). */
final class VolumeXml {

  private VolumeXml() {}

  static void write(XmlAnswer out, Volume v) {
    out.text("volumeId", v.getVolumeId())
        .text("size", v.getSizeGib())
        .text("snapshotId", v.getSnapshotId())
        .text("availabilityZone", v.getZone())
        .text("status", Ec2Names.volumeState(v.getState()))
        .time("createTime", v.getCreateTime())
        .list("attachmentSet", v.getAttachmentsList(), AttachmentXml::write)
        .text("volumeType", Ec2Names.volumeType(v.getType()));
    // EC2 reports IOPS for SSD types only, and throughput for gp3 only.
    if (v.getType() != VolumeType.ST1 && v.getType() != VolumeType.SC1) {
      out.text("iops", v.getIops());
    }
    if (v.getType() == VolumeType.GP3 || v.getType() == VolumeType.VOLUME_TYPE_UNSPECIFIED) {
      out.text("throughput", v.getThroughputMibps());
    }
    out.text("encrypted", v.getEncrypted())
        .textIfSet("kmsKeyId", v.getKmsKeyId())
        .text("multiAttachEnabled", v.getMultiAttach());
    TagParams.write(out, v.getTagsList());
  }
}
