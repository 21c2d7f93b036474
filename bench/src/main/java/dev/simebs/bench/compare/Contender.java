package dev.simebs.bench.compare;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One driver in a comparison: a label for the tables and file names, and the command that starts
 * it. The command may name the round's fresh directory as {@code {dir}} and the socket the tool
 * connects to as {@code {endpoint}} ({@code unix://{dir}/csi.sock}).
 */
public record Contender(String label, String launchTemplate) {

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  public Contender {
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "--compare label '" + label + "': use 1-32 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (!launchTemplate.contains("{endpoint}")) {
      throw new IllegalArgumentException(
          "--compare " + label + ": the command must pass {endpoint} to the driver (the socket the tool connects to)");
    }
  }

  /** Reads {@code LABEL=LAUNCH_COMMAND}. */
  public static Contender parse(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0 || equals == text.length() - 1) {
      throw new IllegalArgumentException("--compare takes LABEL=LAUNCH_COMMAND, got: " + text);
    }
    return new Contender(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
  }

  /** The socket a driver started in {@code roundDir} listens on. */
  public static String endpointIn(Path roundDir) {
    return "unix://" + roundDir.resolve("csi.sock");
  }

  /** The command line for a round whose fresh directory is {@code roundDir}. */
  public String launchIn(Path roundDir) {
    return launchTemplate.replace("{endpoint}", endpointIn(roundDir)).replace("{dir}", roundDir.toString());
  }
}
