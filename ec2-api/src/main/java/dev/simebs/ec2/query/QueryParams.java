package dev.simebs.ec2.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of an EC2 Query request: a flat map from names such as {@code VolumeId.2} or
 * {@code Filter.1.Value.3} to values. Lists are 1-based {@code Name.N}; structures nest with
 * dots, so {@link #members} gives each {@code Name.N.*} as parameters of its own.
 */
public final class QueryParams {

  private static final Pattern MEMBER = Pattern.compile("(\\d+)(?:\\.(.*))?");

  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Parses form-encoded text ({@code a=1&b=2}); a name given twice is refused. */
  public static QueryParams parse(String form) {
    Map<String, String> values = new TreeMap<>();
    if (form == null || form.isEmpty()) {
      return new QueryParams(values);
    }
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (values.put(name, value) != null) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "The parameter %s is given more than once", name);
      }
    }
    return new QueryParams(values);
  }

  public static QueryParams of(Map<String, String> values) {
    return new QueryParams(new TreeMap<>(values));
  }

  /** These parameters and {@code other}'s; {@code other} wins where both name one. */
  public QueryParams with(QueryParams other) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(other.values);
    return new QueryParams(merged);
  }

  public Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public String required(String name) {
    return optional(name).filter(v -> !v.isEmpty()).orElseThrow(() -> Ec2Exception.of(
        Ec2ErrorCode.MISSING_PARAMETER, "The request must contain the parameter %s", name));
  }

  public OptionalInt optionalInt(String name) {
    OptionalLong value = optionalLong(name);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    if (value.getAsLong() < Integer.MIN_VALUE || value.getAsLong() > Integer.MAX_VALUE) {
      throw invalidValue(name, values.get(name));
    }
    return OptionalInt.of((int) value.getAsLong());
  }

  public OptionalLong optionalLong(String name) {
    String text = values.get(name);
    if (text == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      throw invalidValue(name, text);
    }
  }

  /** A boolean parameter: {@code true} or {@code false}; absent is false. */
  public boolean flag(String name) {
    String text = values.getOrDefault(name, "false");
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalidValue(name, text);
    };
  }

  /** The values of {@code Name.1}, {@code Name.2} ... in index order. */
  public List<String> list(String name) {
    List<String> result = new ArrayList<>();
    for (QueryParams member : members(name)) {
      result.add(member.values.getOrDefault("", ""));
    }
    return result;
  }

  /** Each {@code Name.N.*} as parameters of its own (a plain {@code Name.N} under ""). */
  public List<QueryParams> members(String name) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    String prefix = name + ".";
    for (Map.Entry<String, String> entry : values.entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        continue;
      }
      Matcher m = MEMBER.matcher(entry.getKey().substring(prefix.length()));
      if (!m.matches()) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "The parameter %s is not a member of the list %s", entry.getKey(), name);
      }
      int index;
      try {
        index = Integer.parseInt(m.group(1));
      } catch (NumberFormatException e) {
        throw invalidValue(entry.getKey(), entry.getValue());
      }
      String rest = m.group(2) == null ? "" : m.group(2);
      byIndex.computeIfAbsent(index, i -> new TreeMap<>()).put(rest, entry.getValue());
    }
    return byIndex.values().stream().map(QueryParams::new).toList();
  }

  /** The distinct first segments of every name ({@code Filter} for {@code Filter.1.Name}). */
  public Set<String> topLevelNames() {
    Set<String> names = new TreeSet<>();
    for (String name : values.keySet()) {
      int dot = name.indexOf('.');
      names.add(dot < 0 ? name : name.substring(0, dot));
    }
    return names;
  }

  public static Ec2Exception invalidValue(String name, String value) {
    return Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
        "Value (%s) for parameter %s is invalid", value, name);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "The request is not valid form encoding: %s", e.getMessage());
    }
  }
}
