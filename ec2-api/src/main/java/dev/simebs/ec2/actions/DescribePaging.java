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
public record DescribePaging(int maxResults, String nextToken) {

  /**
   * Reads the paging parameters. As in EC2, MaxResults may not be combined with IDs, must be at
   * least {@code min}, and above {@code max} is taken as {@code max} (the AWS CLI asks for 1000).
   */
  public static DescribePaging read(QueryParams p, int min, int max, List<String> ids, String idParameter) {
    if (p.optional("MaxResults").isEmpty()) {
      return new DescribePaging(0, p.optional("NextToken").orElse(""));
    }
    int maxResults = p.optionalInt("MaxResults").getAsInt();
    if (!ids.isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
          "The parameter %s cannot be used with the parameter maxResults", idParameter);
    }
    if (maxResults < min) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "Value (%d) for parameter maxResults is invalid. Expecting a value greater than %d",
          maxResults, min - 1);
    }
    return new DescribePaging(Math.min(maxResults, max), p.optional("NextToken").orElse(""));
  }
}
