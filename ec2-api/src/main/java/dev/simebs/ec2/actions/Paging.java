package dev.simebs.ec2.actions;

import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.QueryParams;
import java.util.List;

/**
 * {@code MaxResults} and {@code NextToken} of a Describe call. Tokens are the backend's (opaque,
 * keyset on the ID), so pages stay right while objects come and go.
 *
 * @param maxResults 0 when not given: everything in one answer, as EC2 does
 */
public record Paging(int maxResults, String nextToken) {

  /** Reads the paging parameters; EC2 takes MaxResults in {@code [min, max]}, not with IDs. */
  public static Paging read(QueryParams p, int min, int max, List<String> ids, String idParameter) {
    int maxResults = p.optionalInt("MaxResults").orElse(0);
    if (p.optional("MaxResults").isPresent()) {
      if (!ids.isEmpty()) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
            "The parameter %s cannot be used with the parameter maxResults", idParameter);
      }
      if (maxResults < min || maxResults > max) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "Value (%d) for parameter maxResults is invalid. Expecting a value between %d and %d",
            maxResults, min, max);
      }
    }
    return new Paging(maxResults, p.optional("NextToken").orElse(""));
  }
}
