package dev.simebs.backend.model;

import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;
import static dev.simebs.backend.api.ErrorReason.MISSING_PARAMETER;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ResourceIds;
import dev.simebs.backend.api.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Request checks shared by every service; each failure names the field and the bound. */
public final class Checks {

  public static final int MAX_TAGS = 50;
  public static final int MAX_TAG_KEY = 128;
  public static final int MAX_TAG_VALUE = 256;
  public static final int MAX_TOKEN = 64;
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");

  private Checks() {}

  /** A required, well-formed volume ID. */
  public static String volumeId(String field, String id) {
    return resourceId(ResourceIds.VOLUME, field, id);
  }

  /** A required, well-formed snapshot ID. */
  public static String snapshotId(String field, String id) {
    return resourceId(ResourceIds.SNAPSHOT, field, id);
  }

  /** A required, well-formed file system ID. */
  public static String fileSystemId(String field, String id) {
    return resourceId(ResourceIds.FILE_SYSTEM, field, id);
  }

  /** A required, well-formed access point ID. */
  public static String accessPointId(String field, String id) {
    return resourceId(ResourceIds.ACCESS_POINT, field, id);
  }

  private static String resourceId(ResourceIds kind, String field, String id) {
    if (id == null || id.isEmpty()) {
      throw BackendErrors.error(MISSING_PARAMETER, field + " is required");
    }
    if (!kind.isValid(id)) {
      throw BackendErrors.error(
          INVALID_PARAMETER_VALUE,
          "%s: '%s' is not a %s ID (%s + 17 lowercase hex digits)"
              .formatted(field, id, kind.name().toLowerCase(), kind.prefix()),
          id);
    }
    return id;
  }

  /** A required node ID: letters, digits and {@code ._:-}, at most 253 characters. */
  public static String nodeId(String field, String id) {
    if (id == null || id.isEmpty()) {
      throw BackendErrors.error(MISSING_PARAMETER, field + " is required");
    }
    if (!NODE_ID.matcher(id).matches()) {
      throw BackendErrors.error(
          INVALID_PARAMETER_VALUE,
          field + ": '" + id + "' must be 1-253 letters, digits or ._:- starting with a letter or digit",
          id);
    }
    return id;
  }

  /** An optional idempotency token; null when absent. */
  public static String clientToken(String token) {
    if (token.isEmpty()) {
      return null;
    }
    if (token.length() > MAX_TOKEN) {
      throw BackendErrors.error(
          INVALID_PARAMETER_VALUE,
          "client_token: %d characters, at most %d allowed".formatted(token.length(), MAX_TOKEN));
    }
    return token;
  }

  public static void tags(List<Tag> tags) {
    if (tags.size() > MAX_TAGS) {
      throw BackendErrors.error(
          INVALID_PARAMETER_VALUE,
          "tags: %d tags, at most %d allowed".formatted(tags.size(), MAX_TAGS));
    }
    Set<String> keys = new HashSet<>();
    for (Tag tag : tags) {
      if (tag.getKey().isEmpty() || tag.getKey().length() > MAX_TAG_KEY) {
        throw BackendErrors.error(
            INVALID_PARAMETER_VALUE,
            "tags: key '%s' must be 1-%d characters".formatted(tag.getKey(), MAX_TAG_KEY));
      }
      if (tag.getValue().length() > MAX_TAG_VALUE) {
        throw BackendErrors.error(
            INVALID_PARAMETER_VALUE,
            "tags: value of '%s' is %d characters, at most %d allowed"
                .formatted(tag.getKey(), tag.getValue().length(), MAX_TAG_VALUE));
      }
      if (!keys.add(tag.getKey())) {
        throw BackendErrors.error(
            INVALID_PARAMETER_VALUE, "tags: key '%s' appears twice".formatted(tag.getKey()));
      }
    }
  }

  /** max_results: 0 (everything) or 1-1000. */
  public static int maxResults(int maxResults) {
    if (maxResults < 0 || maxResults > 1000) {
      throw BackendErrors.error(
          INVALID_PARAMETER_VALUE,
          "max_results: %d is outside 0-1000 (0 means no limit)".formatted(maxResults));
    }
    return maxResults == 0 ? Integer.MAX_VALUE : maxResults;
  }
}
