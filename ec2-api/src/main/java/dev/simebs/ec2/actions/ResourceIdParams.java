package dev.simebs.ec2.actions;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import java.util.List;

/** Volume and snapshot IDs from a request, checked before they reach the backend. */
public final class ResourceIdParams {

  private ResourceIdParams() {}

  public static String volumeId(String id) {
    return checked(ResourceIds.VOLUME, Ec2ErrorCode.INVALID_VOLUME_ID_MALFORMED, id);
  }

  public static List<String> volumeIds(List<String> ids) {
    return ids.stream().map(ResourceIdParams::volumeId).toList();
  }

  public static String snapshotId(String id) {
    return checked(ResourceIds.SNAPSHOT, Ec2ErrorCode.INVALID_SNAPSHOT_ID_MALFORMED, id);
  }

  public static List<String> snapshotIds(List<String> ids) {
    return ids.stream().map(ResourceIdParams::snapshotId).toList();
  }

  private static String checked(ResourceIds kind, Ec2ErrorCode malformed, String id) {
    if (!kind.isValid(id)) {
      throw Ec2Exception.of(malformed, "Invalid id: \"%s\" (expecting \"%s...\")", id,
          kind.prefix());
    }
    return id;
  }

  /** A volume or snapshot ID, as CreateTags and DeleteTags take; anything else is InvalidID. */
  public static String taggableId(String id) {
    if (!ResourceIds.VOLUME.isValid(id) && !ResourceIds.SNAPSHOT.isValid(id)) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_ID,
          "The ID '%s' is not valid (SimEBS tags volumes and snapshots)", id);
    }
    return id;
  }
}
