package dev.simebs.common.efs;

import dev.simebs.backend.api.ResourceIds;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An EFS volume ID, in one of the forms of the upstream EFS driver: {@code fs-ID} (the file
 * system's root), {@code fs-ID:/sub/path}, {@code fs-ID::fsap-ID} (an access point's root, what
 * dynamic provisioning makes) and {@code fs-ID:/sub/path:fsap-ID} (a path below an access point's
 * root). A sub path is absolute and holds only plain names, so it can never climb out.
 *
 * @param subPath the names below the root; empty for the root itself
 */
public record VolumeHandle(
    String fileSystemId, List<String> subPath, Optional<String> accessPointId) {

  /** The forms a handle may take, for error messages. */
  public static final String FORMS =
      "fs-ID, fs-ID:/sub/path, fs-ID::fsap-ID or fs-ID:/sub/path:fsap-ID";

  private static final int MAX_LENGTH = 4096;

  /** A volume ID that is none of {@link #FORMS}; the message names the form expected. */
  public static final class MalformedHandleException extends IllegalArgumentException {
    MalformedHandleException(String handle, String why) {
      super("volume ID \"%s\" %s; expected %s (fs-/fsap- followed by 17 lowercase hex digits)"
          .formatted(handle.length() > 128 ? handle.substring(0, 128) + "…" : handle, why, FORMS));
    }
  }

  public VolumeHandle {
    subPath = List.copyOf(subPath);
  }

  /** The handle of an access point's root: {@code fs-ID::fsap-ID}. */
  public static VolumeHandle ofAccessPoint(String fileSystemId, String accessPointId) {
    return new VolumeHandle(fileSystemId, List.of(), Optional.of(accessPointId));
  }

  /** Reads a volume ID; anything but the four forms is a {@link MalformedHandleException}. */
  public static VolumeHandle parse(String handle) {
    if (handle.length() > MAX_LENGTH) {
      throw new MalformedHandleException(handle, "is longer than " + MAX_LENGTH + " characters");
    }
    String[] parts = handle.split(":", -1);
    if (parts.length > 3) {
      throw new MalformedHandleException(handle, "has more than three ':'-separated parts");
    }
    if (!ResourceIds.FILE_SYSTEM.isValid(parts[0])) {
      throw new MalformedHandleException(handle, "does not start with a file system ID");
    }
    List<String> path = parts.length > 1 ? subPath(handle, parts[1], parts.length == 3) : List.of();
    Optional<String> accessPoint = Optional.empty();
    if (parts.length == 3) {
      if (!ResourceIds.ACCESS_POINT.isValid(parts[2])) {
        throw new MalformedHandleException(handle, "does not end with an access point ID");
      }
      accessPoint = Optional.of(parts[2]);
    }
    return new VolumeHandle(parts[0], path, accessPoint);
  }

  /** The sub path as text: "/" for the root. */
  public String subPathText() {
    return "/" + String.join("/", subPath);
  }

  @Override
  public String toString() {
    String path = subPath.isEmpty() ? "" : subPathText();
    return accessPointId.map(ap -> fileSystemId + ":" + path + ":" + ap)
        .orElse(path.isEmpty() ? fileSystemId : fileSystemId + ":" + path);
  }

  private static List<String> subPath(String handle, String text, boolean beforeAccessPoint) {
    if (text.isEmpty() && beforeAccessPoint) {
      return List.of();
    }
    if (!text.startsWith("/")) {
      throw new MalformedHandleException(handle, "has a sub path that is not absolute");
    }
    if (text.equals("/")) {
      return List.of();
    }
    List<String> names = Arrays.asList(text.substring(1).split("/", -1));
    for (String name : names) {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
        throw new MalformedHandleException(handle,
            "has a sub path with an empty, '.' or '..' component");
      }
    }
    return names;
  }
}
