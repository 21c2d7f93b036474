package dev.simebs.common.metrics;

/** Histogram bucket bounds shared by every latency series, so dashboards can compare them. */
public final class LatencyBuckets {

  /**
   * From 1 ms (a metadata read) to 2 min (a slow attach with simulated latency, the longest a
   * sidecar waits by default).
   */
  static final double[] SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  private LatencyBuckets() {}

  /** A copy of the bounds, for histograms built in other modules. */
  public static double[] seconds() {
    return SECONDS.clone();
  }
}
