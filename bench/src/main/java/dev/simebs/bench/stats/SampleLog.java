package dev.simebs.bench.stats;

import java.util.Arrays;

/** Every latency sample of one step, appended from many threads. */
final class SampleLog {

  private long[] samples = new long[64];
  private int size;

  synchronized void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  synchronized long[] snapshot() {
    return Arrays.copyOf(samples, size);
  }
}
