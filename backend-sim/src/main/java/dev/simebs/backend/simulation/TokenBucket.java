package dev.simebs.backend.simulation;

import java.util.function.LongSupplier;

/** A token bucket: {@code burst} tokens, refilled continuously at {@code refillPerSecond}. */
final class TokenBucket {

  private final double refillPerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long lastNanos;

  TokenBucket(double refillPerSecond, int burst, LongSupplier nanoTime) {
    this.refillPerNano = refillPerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.lastNanos = nanoTime.getAsLong();
  }

  /** Takes one token; false when the bucket is empty. */
  synchronized boolean tryTake() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - lastNanos) * refillPerNano);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
