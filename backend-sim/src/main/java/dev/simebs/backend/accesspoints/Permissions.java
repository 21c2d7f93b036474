package dev.simebs.backend.accesspoints;

import static dev.simebs.backend.api.ErrorReason.INVALID_PARAMETER_VALUE;

import dev.simebs.backend.api.BackendErrors;
import java.util.regex.Pattern;

/** Octal permission bits as EFS takes them: "755", "0755", up to "7777". */
public final class Permissions {

  private static final Pattern OCTAL = Pattern.compile("[0-7]{3,4}");

  private Permissions() {}

  public static int parse(String field, String text) {
    if (!OCTAL.matcher(text).matches()) {
      throw BackendErrors.error(INVALID_PARAMETER_VALUE,
          "%s: '%s' is not octal permissions such as 0755".formatted(field, text));
    }
    return Integer.parseInt(text, 8);
  }
}
