package dev.simebs.backend.api;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Cloud-style resource IDs: {@code vol-}, {@code snap-}, {@code fs-}, {@code fsap-} or
 * {@code fsmt-} followed by 17 lowercase hex digits.
 *
 * <p>IDs arrive from clients and end up in file names, so this is the one gate every ID passes
 * before it is used for anything; whatever does not match is rejected, never sanitised.
 */
public enum ResourceIds {
  VOLUME("vol-"),
  SNAPSHOT("snap-"),
  FILE_SYSTEM("fs-"),
  ACCESS_POINT("fsap-"),
  MOUNT_TARGET("fsmt-");

  private static final int HEX_DIGITS = 17;

  private final String prefix;
  private final Pattern pattern;

  ResourceIds(String prefix) {
    this.prefix = prefix;
    this.pattern = Pattern.compile(Pattern.quote(prefix) + "[0-9a-f]{" + HEX_DIGITS + "}");
  }

  /** True when {@code id} is a well-formed ID of this kind. */
  public boolean isValid(String id) {
    return id != null && pattern.matcher(id).matches();
  }

  /** A new random ID of this kind. */
  public String newId() {
    byte[] bytes = new byte[9];
    ThreadLocalRandom.current().nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes).substring(0, HEX_DIGITS);
  }

  public String prefix() {
    return prefix;
  }
}
