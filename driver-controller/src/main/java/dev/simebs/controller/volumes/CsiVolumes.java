package dev.simebs.controller.volumes;

import csi.v1.VolumeCondition;
import csi.v1.VolumeContentSource;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.Volume;
import dev.simebs.controller.topology.ZoneTopology;
import java.util.List;
import java.util.Map;

/** Backend volumes in CSI's terms. */
public final class CsiVolumes {

  private CsiVolumes() {}

  /** The CSI volume for a backend volume, with the given volume_context. */
  public static csi.v1.Volume toCsi(Volume volume, Map<String, String> context) {
    csi.v1.Volume.Builder answer =
        csi.v1.Volume.newBuilder()
            .setVolumeId(volume.getVolumeId())
            .setCapacityBytes(Sizes.bytes(volume.getSizeGib()))
            .putAllVolumeContext(context);
    if (!volume.getZone().isEmpty()) {
      answer.addAccessibleTopology(ZoneTopology.of(volume.getZone()));
    }
    if (!volume.getSnapshotId().isEmpty()) {
      answer.setContentSource(
          VolumeContentSource.newBuilder()
              .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(volume.getSnapshotId())));
    } else if (!volume.getSourceVolumeId().isEmpty()) {
      answer.setContentSource(
          VolumeContentSource.newBuilder()
              .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(volume.getSourceVolumeId())));
    }
    return answer.build();
  }

  /** The nodes a volume is attached (or being attached) to. */
  public static List<String> publishedNodes(Volume volume) {
    return volume.getAttachmentsList().stream()
        .filter(a -> a.getState() == AttachmentState.ATTACHING || a.getState() == AttachmentState.ATTACHED)
        .map(a -> a.getNodeId())
        .distinct()
        .toList();
  }

  /** The controller's view of a volume's health: the backend's status checks. */
  public static VolumeCondition condition(Volume volume) {
    if (volume.getImpaired()) {
      String reason = volume.getImpairedReason().isEmpty() ? "impaired" : volume.getImpairedReason();
      return VolumeCondition.newBuilder().setAbnormal(true).setMessage("volume is impaired: " + reason).build();
    }
    return VolumeCondition.newBuilder().setAbnormal(false).setMessage("volume is healthy").build();
  }
}
