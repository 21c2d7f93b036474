package dev.simebs.ec2.actions.volumes;

import dev.simebs.backend.api.VolumeModification;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.xml.XmlAnswer;

/** A volume modification as EC2 writes one. */
final class ModificationXml {

  private ModificationXml() {}

  static void write(XmlAnswer out, VolumeModification m) {
    out.text("volumeId", m.getVolumeId())
        .text("modificationState", Ec2Names.modificationState(m.getState()))
        .textIfSet("statusMessage", m.getStatusMessage())
        .text("targetSize", m.getTargetSizeGib())
        .text("targetIops", m.getTargetIops())
        .text("targetVolumeType", Ec2Names.volumeType(m.getTargetType()))
        .text("targetThroughput", m.getTargetThroughputMibps())
        .text("originalSize", m.getOriginalSizeGib())
        .text("originalIops", m.getOriginalIops())
        .text("originalVolumeType", Ec2Names.volumeType(m.getOriginalType()))
        .text("originalThroughput", m.getOriginalThroughputMibps())
        .text("progress", m.getProgressPercent())
        .time("startTime", m.getStartTime());
    if (m.hasEndTime()) {
      out.time("endTime", m.getEndTime());
    }
  }
}
