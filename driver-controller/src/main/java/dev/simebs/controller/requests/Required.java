package dev.simebs.controller.requests;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.grpc.Rpc;
import dev.simebs.controller.parameters.Invalid;
import io.grpc.Status;

/**
 * Checks of required request fields and of incoming IDs. Every volume or snapshot ID passes
 * {@link ResourceIds} before the controller uses it: an ID of the wrong shape cannot name any
 * object, so it is NOT_FOUND where the spec has that code (or success for the idempotent deletes).
 */
public final class Required {

  private Required() {}

  /** The value, or INVALID_ARGUMENT naming {@code field} when it is empty. */
  public static String text(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw Invalid.argument("%s is required", field);
    }
    return value;
  }

  /** A required volume ID; an ID that cannot exist is NOT_FOUND. */
  public static String volumeId(String value, String field) {
    return existingId(ResourceIds.VOLUME, text(value, field), "volume");
  }

  /** A required snapshot ID; an ID that cannot exist is NOT_FOUND. */
  public static String snapshotId(String value, String field) {
    return existingId(ResourceIds.SNAPSHOT, text(value, field), "snapshot");
  }

  private static String existingId(ResourceIds kind, String id, String what) {
    if (!kind.isValid(id)) {
      throw Rpc.fail(Status.Code.NOT_FOUND, "%s %s does not exist (not a %s… ID)", what, id, kind.prefix());
    }
    return id;
  }
}
