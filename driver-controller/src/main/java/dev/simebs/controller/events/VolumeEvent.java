package dev.simebs.controller.events;

/**
 * Something about a volume a user should see on its PersistentVolume and claim: cloud-side
 * trouble the CSI answers alone would hide (a retried throttle, an attachment that does not
 * finish, an impaired volume, a refused modification).
 *
 * @param reason a CamelCase word, as Kubernetes event reasons are ("StuckAttaching")
 */
public record VolumeEvent(String volumeId, Type type, String reason, String message) {

  /** Kubernetes' two event types. */
  public enum Type {
    Normal,
    Warning
  }

  public static VolumeEvent warning(String volumeId, String reason, String message) {
    return new VolumeEvent(volumeId, Type.Warning, reason, message);
  }
}
