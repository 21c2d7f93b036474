package dev.simebs.ec2.query;

import java.util.List;
import java.util.Set;

/** The {@code Filter.N.Name} / {@code Filter.N.Value.M} parameters of a Describe call. */
public final class FilterParameters {

  /** One filter: a name and the values any of which may match. */
  public record Filter(String name, List<String> values) {

    /** True when {@code value} is one of this filter's values. */
    public boolean accepts(String value) {
      return values.contains(value);
    }
  }

  private FilterParameters() {}

  /**
   * The request's filters. Names must be in {@code supported} or start with {@code tag:}
   * (when {@code tagFilters}); anything else is InvalidParameterValue, as in EC2.
   */
  public static List<Filter> read(QueryParams params, Set<String> supported, boolean tagFilters) {
    return params.members("Filter").stream().map(member -> {
      String name = member.required("Name");
      boolean tag = tagFilters && name.startsWith("tag:") && name.length() > 4;
      if (!tag && !supported.contains(name)) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "The filter '%s' is invalid (supported: %s%s)", name, String.join(", ", supported),
            tagFilters ? ", tag:<key>" : "");
      }
      return new Filter(name, member.list("Value"));
    }).toList();
  }
}
