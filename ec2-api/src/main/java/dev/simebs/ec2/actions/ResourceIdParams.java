package dev.simebs.ec2.actions;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import java.util.List;

/** Volume and snapshot IDs from a request, checked before they reach the backend. */
public final class ResourceIdParams {

  private ResourceIdParams() {}

  public static String volumeId(String id) {
    if (!ResourceIds.VOLUME.isValid(id)) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_VOLUME_ID_MALFORMED,
          "Invalid id: \"%s\" (expecting \"vol-...\")", id);
    }
    return id;
  }

  public static List<String> volumeIds(List<String> ids) {
    return ids.stream().map(ResourceIdParams::volumeId).toList();
  }

  public static String snapshotId(String id) {
    if (!ResourceIds.SNAPSHOT.isValid(id)) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_SNAPSHOT_ID_MALFORMED,
          "Invalid id: \"%s\" (expecting \"snap-...\")", id);
    }
    return id;
  }

  public static List<String> snapshotIds(List<String> ids) {
    return ids.stream().map(ResourceIdParams::snapshotId).toList();
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
