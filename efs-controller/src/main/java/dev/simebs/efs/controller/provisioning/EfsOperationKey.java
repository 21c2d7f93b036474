package dev.simebs.efs.controller.provisioning;

/** The object an EFS controller operation works on, as its in-flight guard tells them apart. */
public sealed interface EfsOperationKey {

  /** CreateVolume, keyed by the CO's name because no access point exists yet. */
  record VolumeName(String name) implements EfsOperationKey {
    @Override
    public String toString() {
      return "volume name \"" + name + "\"";
    }
  }

  /** DeleteVolume of a volume (an access point's handle). */
  record Volume(String volumeId) implements EfsOperationKey {
    @Override
    public String toString() {
      return "volume " + volumeId;
    }
  }
}
