package dev.simebs.backend.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short command-line forms of simulation rules, e.g. {@code CreateVolume=200..800}
 * (latency in ms), {@code CreateVolume=5/10} (throttle: refill per second / burst),
 * {@code AttachVolume=ATTACHMENT_LIMIT_EXCEEDED:next=2} or {@code *=INTERNAL_ERROR:p=0.05}
 * (faults), {@code vol-…@node-1} (stuck attachment). Malformed text is an
 * IllegalArgumentException naming the expected form.
 */
public final class SimulationFlags {

  private static final Pattern LATENCY = Pattern.compile("([*\\w]+)=(\\d+)(?:\\.\\.(\\d+))?");
  private static final Pattern THROTTLE = Pattern.compile("([*\\w]+)=([0-9.]+)/(\\d+)");
  private static final Pattern FAULT =
      Pattern.compile("([*\\w]+)=([A-Z_]+):(?:(next)=(\\d+)|(p)=([0-9.]+))");
  private static final Pattern STUCK = Pattern.compile("(vol-[0-9a-f]{17})(?:@(.+))?");

  private SimulationFlags() {}

  public static LatencyRule latency(String text) {
    Matcher m = match(LATENCY, text, "OPERATION=MILLIS or OPERATION=MIN..MAX");
    long min = Long.parseLong(m.group(2));
    long max = m.group(3) == null ? min : Long.parseLong(m.group(3));
    return LatencyRule.newBuilder().setOperation(m.group(1)).setMinMillis(min).setMaxMillis(max)
        .build();
  }

  public static ThrottleRule throttle(String text) {
    Matcher m = match(THROTTLE, text, "OPERATION=REFILL_PER_SECOND/BURST");
    return ThrottleRule.newBuilder().setOperation(m.group(1))
        .setRefillPerSecond(Double.parseDouble(m.group(2)))
        .setBurst(Integer.parseInt(m.group(3)))
        .build();
  }

  public static FaultRule fault(String text) {
    Matcher m = match(FAULT, text, "OPERATION=REASON:next=N or OPERATION=REASON:p=PROBABILITY");
    FaultRule.Builder fault = FaultRule.newBuilder().setOperation(m.group(1));
    try {
      fault.setReason(ErrorReason.valueOf(m.group(2)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown error reason in '" + text + "'", e);
    }
    if (m.group(3) != null) {
      fault.setNextN(Integer.parseInt(m.group(4)));
    } else {
      fault.setProbability(Double.parseDouble(m.group(6)));
    }
    return fault.build();
  }

  public static StuckAttachment stuck(String text) {
    Matcher m = match(STUCK, text, "VOLUME_ID or VOLUME_ID@NODE_ID");
    return StuckAttachment.newBuilder().setVolumeId(m.group(1))
        .setNodeId(m.group(2) == null ? "" : m.group(2)).build();
  }

  private static Matcher match(Pattern pattern, String text, String form) {
    Matcher m = pattern.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected " + form + ", got '" + text + "'");
    }
    return m;
  }
}
