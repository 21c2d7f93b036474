package dev.simebs.controller.volumes;

import csi.v1.VolumeCondition;
import csi.v1.VolumeContentSource;
import dev.simebs.backend.api.AttachmentState;
import dev.simebs.backend.api.Volume;
import dev.simebs.backend.api.VolumeState;
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

  /**
   * The controller's view of a volume's health, from the cloud's state and status checks: every
   * state a user should act on is abnormal, with a message saying what is wrong.
   */
  public static VolumeCondition condition(Volume volume) {
    if (volume.getState() == VolumeState.ERROR) {
      // The backend says why in status_message (a failed copy, an image missing at start).
      String why = volume.getStatusMessage().isEmpty() ? volume.getImpairedReason() : volume.getStatusMessage();
      return abnormal(
          "volume is in state ERROR: the cloud cannot serve its data"
              + (why.isEmpty() ? "" : " (" + why + ")")
              + "; delete it, and restore it from a snapshot if there is one");
    }
    if (volume.getImpaired()) {
      String reason = volume.getImpairedReason().isEmpty() ? "impaired" : volume.getImpairedReason();
      return abnormal("volume is impaired: " + reason);
    }
    return VolumeCondition.newBuilder().setAbnormal(false).setMessage("volume is healthy").build();
  }

  private static VolumeCondition abnormal(String message) {
    return VolumeCondition.newBuilder().setAbnormal(true).setMessage(message).build();
  }
}
