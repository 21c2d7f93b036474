package dev.simebs.ec2.actions.snapshots;

import dev.simebs.backend.api.Snapshot;
import dev.simebs.ec2.actions.Ec2Names;
import dev.simebs.ec2.actions.TagParams;
import dev.simebs.ec2.xml.XmlAnswer;

/** A snapshot's fields as EC2 writes them; progress is whatever the backend reports. */
final class SnapshotXml {

  private SnapshotXml() {}

  static void write(XmlAnswer out, Snapshot s) {
    out.text("snapshotId", s.getSnapshotId())
        .text("volumeId", s.getVolumeId())
        .text("status", Ec2Names.snapshotState(s.getState()))
        .time("startTime", s.getStartTime())
        .text("progress", s.getProgressPercent() + "%")
        .text("ownerId", Ec2Names.ACCOUNT_ID)
        .text("volumeSize", s.getVolumeSizeGib())
        .text("description", s.getDescription())
        .text("encrypted", false)
        .text("storageTier", "standard");
    TagParams.write(out, s.getTagsList());
  }
}
