package dev.simebs.controller.parameters;

/** An inclusive range of whole numbers. */
public record IntRange(long min, long max) {

  public boolean contains(long value) {
    return value >= min && value <= max;
  }

  @Override
  public String toString() {
    return min + ".." + max;
  }
}
