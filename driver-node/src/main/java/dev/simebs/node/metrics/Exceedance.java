package dev.simebs.node.metrics;

import dev.simebs.node.metrics.ProvisionedPerformance.Limits;

/**
 * For one volume, the seconds during which its I/O demand was above what it is provisioned for:
 * between two samples of its counters, if the average IOPS (or bytes per second) exceeded the
 * limit, the whole interval counts. The node does not throttle I/O, so this is what a real volume
 * of this type would have throttled, as EBS's exceeded-IOPS and exceeded-throughput statistics
 * report it.
 */
final class Exceedance {

  private IoCounters last;
  private long lastNanos;
  private double iopsSeconds;
  private double throughputSeconds;

  Exceedance(IoCounters first, long nanos) {
    this.last = first;
    this.lastNanos = nanos;
  }

  /** Takes a new sample; a counter that went back (a new loop device) starts a new baseline. */
  void sample(IoCounters now, long nanos, Limits limits) {
    double seconds = (nanos - lastNanos) / 1e9;
    long ops = now.ops() - last.ops();
    long bytes = now.bytes() - last.bytes();
    if (seconds > 0 && ops >= 0 && bytes >= 0) {
      if (limits.iops() > 0 && ops / seconds > limits.iops()) {
        iopsSeconds += seconds;
      }
      if (limits.bytesPerSecond() > 0 && bytes / seconds > limits.bytesPerSecond()) {
        throughputSeconds += seconds;
      }
    }
    last = now;
    lastNanos = nanos;
  }

  double iopsSeconds() {
    return iopsSeconds;
  }

  double throughputSeconds() {
    return throughputSeconds;
  }
}
