package dev.simebs.controller.backend;

import dev.simebs.backend.api.Tag;
import dev.simebs.controller.parameters.TagSpecifications;
import java.util.List;
import java.util.Optional;

/**
 * Tags the controller keeps on backend objects. They are the controller's only memory: what a
 * volume was created for and how it is published live with the volume, so a restarted
 * controller answers exactly as before.
 */
public final class DriverTags {

  private static final String PREFIX = TagSpecifications.RESERVED_PREFIX;

  /** The CSI name a volume was created under. */
  public static final String VOLUME_NAME = PREFIX + "volume-name";
  /** The CSI name a snapshot was created under. */
  public static final String SNAPSHOT_NAME = PREFIX + "snapshot-name";
  /** A digest of the CreateVolume arguments that must match on a repeat with the same name. */
  public static final String REQUEST_FINGERPRINT = PREFIX + "request";

  private static final String PUBLICATION_PREFIX = PREFIX + "published-";

  private DriverTags() {}

  /** The tag recording how a volume is published on {@code nodeId} (node IDs may be long). */
  public static String publication(String nodeId) {
    return PUBLICATION_PREFIX + ClientTokens.sha256(nodeId).substring(0, 16);
  }

  /** True for the keys {@link #publication} makes. */
  public static boolean isPublication(String key) {
    return key.startsWith(PUBLICATION_PREFIX);
  }

  public static Tag tag(String key, String value) {
    return Tag.newBuilder().setKey(key).setValue(value).build();
  }

  public static Optional<String> valueOf(List<Tag> tags, String key) {
    return tags.stream().filter(t -> t.getKey().equals(key)).map(Tag::getValue).findFirst();
  }
}
