package dev.simebs.bench.stats;

import java.util.Arrays;

/**
 * Exact percentiles over every recorded sample (nearest-rank definition), so a reported p99 is a
 * latency some call really had. Runs here record at most a few hundred thousand samples, so
 * sorting them once at the end is cheaper and plainer than a bucketed histogram.
 */
public final class Percentiles {

  private Percentiles() {}

  /**
   * The nearest-rank percentile of sorted samples: the smallest sample such that at least {@code
   * percent}% of all samples are less than or equal to it.
   */
  public static long nearestRank(long[] sorted, double percent) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** Summarises samples given in nanoseconds; the array is sorted in place. */
  public static LatencySummary summarise(long[] nanos) {
    if (nanos.length == 0) {
      return LatencySummary.EMPTY;
    }
    Arrays.sort(nanos);
    double sum = 0;
    for (long n : nanos) {
      sum += n;
    }
    return new LatencySummary(
        nanos.length,
        millis(nearestRank(nanos, 50)),
        millis(nearestRank(nanos, 90)),
        millis(nearestRank(nanos, 99)),
        millis(nanos[nanos.length - 1]),
        millis(nanos[0]),
        sum / nanos.length / 1e6);
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
