package dev.simebs.controller.parameters;

import dev.simebs.common.grpc.InvalidRequest;
import java.util.Locale;

/** Reads one parameter value; every failure names the key and what it accepts. */
public final class ParameterValues {

  private ParameterValues() {}

  /** A whole number within {@code range}. */
  public static int integer(String key, String value, IntRange range) {
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequest("%s must be a whole number between %s, got \"%s\"", key, range, value);
    }
    if (!range.contains(parsed)) {
      throw new InvalidRequest("%s must be between %d and %d, got %d", key, range.min(), range.max(), parsed);
    }
    return (int) parsed;
  }

  public static boolean bool(String key, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidRequest("%s must be \"true\" or \"false\", got \"%s\"", key, value);
    };
  }

  public static String nonBlank(String key, String value) {
    if (value.isBlank()) {
      throw new InvalidRequest("%s must not be empty", key);
    }
    return value.trim();
  }
}
