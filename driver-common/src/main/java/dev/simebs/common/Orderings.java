package dev.simebs.common;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Comparators for the request paths. The JDK's {@code Comparator.comparing} family returns
 * serializable lambdas, which the JDK's ahead-of-time cache does not hold: each was spun as a new
 * class inside the first request that sorted (7 ms of the first CreateVolume, measured in
 * docs/performance.md). These are plain lambdas, which the cache keeps ready.
 */
public final class Orderings {

  private Orderings() {}

  /** By a text key, in {@link String#compareTo} order. */
  public static <T> Comparator<T> byText(Function<? super T, String> key) {
    return (a, b) -> key.apply(a).compareTo(key.apply(b));
  }

  /** By a numeric key, smallest first. */
  public static <T> Comparator<T> byNumber(ToLongFunction<? super T> key) {
    return (a, b) -> Long.compare(key.applyAsLong(a), key.applyAsLong(b));
  }
}
