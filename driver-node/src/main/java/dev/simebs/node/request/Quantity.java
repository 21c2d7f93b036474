package dev.simebs.node.request;

import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.grpc.RequestFields;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities as inline volumes give sizes ("1Gi", "500M", "2147483648"). */
public final class Quantity {

  private static final Pattern FORMAT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([KMGTPE]i?|k)?");
  private static final Map<String, BigDecimal> UNITS =
      Map.ofEntries(
          Map.entry("k", BigDecimal.TEN.pow(3)),
          Map.entry("K", BigDecimal.TEN.pow(3)),
          Map.entry("M", BigDecimal.TEN.pow(6)),
          Map.entry("G", BigDecimal.TEN.pow(9)),
          Map.entry("T", BigDecimal.TEN.pow(12)),
          Map.entry("P", BigDecimal.TEN.pow(15)),
          Map.entry("E", BigDecimal.TEN.pow(18)),
          Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
          Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
          Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
          Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
          Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
          Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));
  private static final BigDecimal GIB = BigDecimal.valueOf(2).pow(30);

  private Quantity() {}

  /** {@code value} in whole GiB, rounded up, at least 1. */
  public static long toGibRoundedUp(String field, String value) {
    Matcher matcher = FORMAT.matcher(value.strip());
    if (!matcher.matches()) {
      throw new InvalidRequest(
          "%s must be a quantity like 1Gi or 500M, got %s",
          field,
          RequestFields.printable(value));
    }
    BigDecimal bytes = new BigDecimal(matcher.group(1));
    if (matcher.group(2) != null) {
      bytes = bytes.multiply(UNITS.get(matcher.group(2)));
    }
    try {
      return Math.max(1, bytes.divide(GIB, 0, RoundingMode.CEILING).longValueExact());
    } catch (ArithmeticException e) {
      throw new InvalidRequest(
          "%s %s is too large", field, RequestFields.printable(value));
    }
  }
}
