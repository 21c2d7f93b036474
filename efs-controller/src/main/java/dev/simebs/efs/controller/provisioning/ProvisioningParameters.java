package dev.simebs.efs.controller.provisioning;

import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.backend.api.ResourceIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * StorageClass parameters of dynamic provisioning, named as users of the upstream EFS driver
 * know them. Keys are exact; an unknown key is invalid and named, so a typo never silently
 * falls back to a default.
 *
 * @param basePath the directories every access point's root lies below (empty: the root)
 * @param uid the POSIX uid of every access point, when fixed; else the allocated gid is used
 * @param gid the POSIX gid of every access point, when fixed; else one is allocated
 */
public record ProvisioningParameters(
    String fileSystemId,
    String directoryPerms,
    OptionalLong uid,
    OptionalLong gid,
    long gidRangeStart,
    long gidRangeEnd,
    List<String> basePath,
    SubPathPattern subPathPattern,
    boolean ensureUniqueDirectory,
    boolean reuseAccessPoint,
    SubPathPattern.Names names) {

  public static final String PROVISIONING_MODE = "provisioningMode";
  public static final String FILE_SYSTEM_ID = "fileSystemId";
  public static final String DIRECTORY_PERMS = "directoryPerms";
  public static final String UID = "uid";
  public static final String GID = "gid";
  public static final String GID_RANGE_START = "gidRangeStart";
  public static final String GID_RANGE_END = "gidRangeEnd";
  public static final String BASE_PATH = "basePath";
  public static final String SUB_PATH_PATTERN = "subPathPattern";
  public static final String ENSURE_UNIQUE_DIRECTORY = "ensureUniqueDirectory";
  public static final String REUSE_ACCESS_POINT = "reuseAccessPoint";
  /** The only provisioning mode: an access point per volume. */
  public static final String ACCESS_POINT_MODE = "efs-ap";

  /** Keys the Kubernetes sidecars add; accepted, and the object names among them are used. */
  public static final String KUBERNETES_PREFIX = "csi.storage.k8s.io/";
  public static final String PV_NAME = "csi.storage.k8s.io/pv/name";
  public static final String PVC_NAME = "csi.storage.k8s.io/pvc/name";
  public static final String PVC_NAMESPACE = "csi.storage.k8s.io/pvc/namespace";

  public static final long DEFAULT_GID_RANGE_START = 50_000;
  public static final long DEFAULT_GID_RANGE_END = 7_000_000;
  public static final long MAX_ID = 4_294_967_295L;

  private static final List<String> KEYS = List.of(PROVISIONING_MODE, FILE_SYSTEM_ID,
      DIRECTORY_PERMS, UID, GID, GID_RANGE_START, GID_RANGE_END, BASE_PATH, SUB_PATH_PATTERN,
      ENSURE_UNIQUE_DIRECTORY, REUSE_ACCESS_POINT);
  private static final Pattern OCTAL = Pattern.compile("[0-7]{3,4}");

  public ProvisioningParameters {
    basePath = List.copyOf(basePath);
  }

  /**
   * Reads the parameters of a CreateVolume.
   *
   * @param volumeName the CSI name, which stands in for the PV name when the sidecar sent none
   */
  public static ProvisioningParameters parse(Map<String, String> parameters, String volumeName) {
    for (String key : parameters.keySet()) {
      if (!KEYS.contains(key) && !key.toLowerCase(Locale.ROOT).startsWith(KUBERNETES_PREFIX)) {
        throw new InvalidRequest("%s", "parameters: unknown key \"%s\"; known keys are %s"
            .formatted(key, String.join(", ", KEYS)));
      }
    }
    String mode = required(parameters, PROVISIONING_MODE);
    if (!mode.equals(ACCESS_POINT_MODE)) {
      throw new InvalidRequest("%s", "%s must be \"%s\", got \"%s\""
          .formatted(PROVISIONING_MODE, ACCESS_POINT_MODE, mode));
    }
    String fileSystemId = required(parameters, FILE_SYSTEM_ID);
    if (!ResourceIds.FILE_SYSTEM.isValid(fileSystemId)) {
      throw new InvalidRequest("%s", ("%s must be a file system ID (fs- and 17 lowercase hex"
          + " digits), got \"%s\"").formatted(FILE_SYSTEM_ID, fileSystemId));
    }
    String perms = required(parameters, DIRECTORY_PERMS);
    if (!OCTAL.matcher(perms).matches()) {
      throw new InvalidRequest("%s", "%s must be octal permissions such as 700, got \"%s\""
          .formatted(DIRECTORY_PERMS, perms));
    }
    long start = id(parameters, GID_RANGE_START).orElse(DEFAULT_GID_RANGE_START);
    long end = id(parameters, GID_RANGE_END).orElse(DEFAULT_GID_RANGE_END);
    if (start < 1 || start > end) {
      throw new InvalidRequest("%s", "%s and %s must make a range 1 <= start <= end, got %d-%d"
          .formatted(GID_RANGE_START, GID_RANGE_END, start, end));
    }
    List<String> basePath = Optional.ofNullable(parameters.get(BASE_PATH))
        .map(text -> directories(BASE_PATH, text))
        .orElse(List.of());
    SubPathPattern pattern = Optional.ofNullable(parameters.get(SUB_PATH_PATTERN))
        .map(text -> SubPathPattern.parse(SUB_PATH_PATTERN, text))
        .orElse(SubPathPattern.DEFAULT);
    SubPathPattern.Names names = new SubPathPattern.Names(
        parameters.getOrDefault(PV_NAME, volumeName),
        Optional.ofNullable(parameters.get(PVC_NAME)),
        Optional.ofNullable(parameters.get(PVC_NAMESPACE)));
    return new ProvisioningParameters(fileSystemId, perms, id(parameters, UID),
        id(parameters, GID), start, end, basePath, pattern,
        bool(parameters, ENSURE_UNIQUE_DIRECTORY, true), bool(parameters, REUSE_ACCESS_POINT, false),
        names);
  }

  private static String required(Map<String, String> parameters, String key) {
    String value = parameters.get(key);
    if (value == null || value.isBlank()) {
      throw new InvalidRequest("%s", "parameters: %s is required".formatted(key));
    }
    return value.strip();
  }

  private static OptionalLong id(Map<String, String> parameters, String key) {
    String value = parameters.get(key);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed >= 0 && parsed <= MAX_ID) {
        return OptionalLong.of(parsed);
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new InvalidRequest("%s", "%s must be a whole number between 0 and %d, got \"%s\""
        .formatted(key, MAX_ID, value));
  }

  private static boolean bool(Map<String, String> parameters, String key, boolean fallback) {
    String value = parameters.get(key);
    if (value == null) {
      return fallback;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidRequest("%s", 
          "%s must be \"true\" or \"false\", got \"%s\"".formatted(key, value));
    };
  }

  /** An absolute path of plain directory names; "/" is the root (no names). */
  static List<String> directories(String key, String text) {
    if (!text.startsWith("/")) {
      throw new InvalidRequest("%s", "%s must be an absolute path, got \"%s\"".formatted(key, text));
    }
    List<String> names = new ArrayList<>();
    for (String name : text.split("/")) {
      if (name.equals(".") || name.equals("..")) {
        throw new InvalidRequest("%s", "%s must not contain '.' or '..', got \"%s\""
            .formatted(key, text));
      }
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }
}
