package dev.simebs.backend.zones;

/** A configured availability zone and how many GiB of volumes it can hold. */
public record ZoneSpec(String name, long capacityGib) {

  public ZoneSpec {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(
          "zone name must be 1-63 lowercase letters, digits or '-': " + name);
    }
    if (capacityGib <= 0) {
      throw new IllegalArgumentException("zone " + name + " needs a positive capacity");
    }
  }

  /** Parses {@code name=capacityGiB}, e.g. {@code sim-a=102400}. */
  public static ZoneSpec parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("zone must be NAME=CAPACITY_GIB, got: " + text);
    }
    return new ZoneSpec(text.substring(0, eq), Long.parseLong(text.substring(eq + 1)));
  }
}
