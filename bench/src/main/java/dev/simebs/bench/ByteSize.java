package dev.simebs.bench;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/**
 * Reads sizes as Kubernetes quantities: {@code 1Gi}, {@code 512Mi} (binary), {@code 10G}
 * (decimal) or plain bytes.
 */
public final class ByteSize implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    return parse(value);
  }

  public static long parse(String text) {
    String value = text.trim();
    int split = 0;
    while (split < value.length() && Character.isDigit(value.charAt(split))) {
      split++;
    }
    if (split == 0) {
      throw new IllegalArgumentException("size must start with a number: " + text);
    }
    long number = Long.parseLong(value.substring(0, split));
    long unit =
        switch (value.substring(split).toLowerCase(Locale.ROOT)) {
          case "" -> 1L;
          case "ki" -> 1L << 10;
          case "mi" -> 1L << 20;
          case "gi" -> 1L << 30;
          case "ti" -> 1L << 40;
          case "k" -> 1_000L;
          case "m" -> 1_000_000L;
          case "g" -> 1_000_000_000L;
          case "t" -> 1_000_000_000_000L;
          default -> throw new IllegalArgumentException("unknown size unit in " + text + " (use Ki, Mi, Gi, Ti, k, M, G, T)");
        };
    return Math.multiplyExact(number, unit);
  }
}
