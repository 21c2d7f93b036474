package dev.simebs.ec2.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as it arrived: what signature verification and parameter parsing read.
 *
 * @param headers by lower-case name, each with its values in arrival order
 */
public record HttpCall(
    String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
    byte[] body) {

  public HttpCall {
    headers = Map.copyOf(headers);
  }

  /** The first value of header {@code lowerCaseName}, if it was sent. */
  public Optional<String> header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }
}
