package dev.simebs.backend.model;

import com.google.protobuf.Timestamp;

/** Protobuf timestamps from epoch milliseconds. */
public final class Timestamps {

  private Timestamps() {}

  public static Timestamp ofMillis(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(millis, 1000))
        .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
        .build();
  }

  public static long toMillis(Timestamp timestamp) {
    return timestamp.getSeconds() * 1000 + timestamp.getNanos() / 1_000_000;
  }
}
