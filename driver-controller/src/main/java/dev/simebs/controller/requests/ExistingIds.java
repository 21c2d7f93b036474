package dev.simebs.controller.requests;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.errors.ControllerRefusal;

/**
 * The first lookup step, after validation: every volume or snapshot ID passes {@link
 * ResourceIds} before the controller uses it. An ID of the wrong shape cannot name any object,
 * so it is NOT_FOUND where the spec has that code (callers with idempotent semantics, such as the
 * deletes, test {@link ResourceIds#isValid} themselves and answer success).
 */
public final class ExistingIds {

  private ExistingIds() {}

  /** The ID, or NOT_FOUND when no volume can have it. */
  public static String volume(String id) {
    return existing(ResourceIds.VOLUME, id, "volume");
  }

  /** The ID, or NOT_FOUND when no snapshot can have it. */
  public static String snapshot(String id) {
    return existing(ResourceIds.SNAPSHOT, id, "snapshot");
  }

  private static String existing(ResourceIds kind, String id, String what) {
    if (!kind.isValid(id)) {
      throw ControllerRefusal.missing("%s %s does not exist (not a %s… ID)", what, id, kind.prefix());
    }
    return id;
  }
}
