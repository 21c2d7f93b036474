package dev.simebs.backend.accesspoints;

import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.BackendErrors;
import java.util.Arrays;
import java.util.List;

/**
 * An access point's root directory path: absolute within its file system, at most 100
 * characters (EFS's limit), every component a plain name. It never contains ".", ".." or an
 * empty component, so it can only ever name a directory beneath the file system's root.
 *
 * @param components the names below the root; empty for "/"
 */
public record RootPath(List<String> components) {

  public static final int MAX_LENGTH = 100;
  public static final RootPath ROOT = new RootPath(List.of());

  public RootPath {
    components = List.copyOf(components);
  }

  /** Reads {@code text} ("" means "/"); anything else than a clean absolute path is invalid. */
  public static RootPath parse(String field, String text) {
    if (text.isEmpty() || text.equals("/")) {
      return ROOT;
    }
    if (text.length() > MAX_LENGTH) {
      throw invalid(field, text, "longer than " + MAX_LENGTH + " characters");
    }
    if (!text.startsWith("/")) {
      throw invalid(field, text, "not absolute");
    }
    List<String> names = Arrays.asList(text.substring(1).split("/", -1));
    for (String name : names) {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
        throw invalid(field, text, "only plain names may stand between the slashes");
      }
    }
    return new RootPath(names);
  }

  public boolean isRoot() {
    return components.isEmpty();
  }

  /** The path as text, "/" for the root. */
  public String text() {
    return "/" + String.join("/", components);
  }

  @Override
  public String toString() {
    return text();
  }

  private static RuntimeException invalid(String field, String text, String why) {
    return BackendErrors.error(INVALID_PARAMETER_VALUE,
        "%s: '%s' is %s".formatted(field, text, why));
  }
}
