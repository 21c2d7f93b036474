package dev.simebs.efs.controller.provisioning;

import dev.simebs.backend.api.Tag;
import dev.simebs.common.efs.EfsDriverInfo;
import java.util.List;
import java.util.Optional;

/**
 * Tags the controller keeps on the access points it makes. They are its only memory: what an
 * access point was made for, with which arguments, and below which base path its directory lies,
 * so a restarted controller answers repeats and deletes exactly as before.
 */
public final class AccessPointTags {

  private static final String PREFIX = EfsDriverInfo.DRIVER_NAME + "/";

  /** The CSI name the access point was made under. */
  public static final String VOLUME_NAME = PREFIX + "volume-name";
  /** A digest of the CreateVolume arguments that must match on a repeat with the same name. */
  public static final String REQUEST_FINGERPRINT = PREFIX + "request";
  /** The capacity asked for, in bytes (recorded, not enforced, as with EFS). */
  public static final String REQUESTED_BYTES = PREFIX + "requested-bytes";
  /** The base path the root directory was made below; delete-root-dir never leaves it. */
  public static final String BASE_PATH = PREFIX + "base-path";
  /** The Kubernetes objects the volume was made for, when the sidecar said. */
  public static final String PVC_NAME = "kubernetes.io/created-for/pvc/name";
  public static final String PVC_NAMESPACE = "kubernetes.io/created-for/pvc/namespace";
  public static final String PV_NAME = "kubernetes.io/created-for/pv/name";

  private AccessPointTags() {}

  public static Tag tag(String key, String value) {
    return Tag.newBuilder().setKey(key).setValue(value).build();
  }

  public static Optional<String> valueOf(List<Tag> tags, String key) {
    return tags.stream().filter(t -> t.getKey().equals(key)).map(Tag::getValue).findFirst();
  }
}
