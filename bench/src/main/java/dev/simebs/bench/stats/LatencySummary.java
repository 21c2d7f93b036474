package dev.simebs.bench.stats;

/** Latency of the successful calls of one step, in milliseconds. */
public record LatencySummary(
    long samples, double p50Ms, double p90Ms, double p99Ms, double maxMs, double minMs,
    double meanMs) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);
}
