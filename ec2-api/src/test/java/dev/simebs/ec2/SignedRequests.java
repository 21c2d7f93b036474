package dev.simebs.ec2;

import dev.simebs.ec2.auth.AccessKey;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hand-made EC2 requests, signed with the SDK's signer at a chosen time, for what an SDK client
 * would never send: stale dates, bodies changed after signing, no signature at all.
 */
final class SignedRequests {

  private final URI endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  SignedRequests(URI endpoint) {
    this.endpoint = endpoint;
  }

  static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  /** POSTs {@code body} signed by {@code key} at {@code signedAt}; {@code sentBody} is sent. */
  HttpResponse<String> post(String body, AccessKey key, Instant signedAt, String sentBody)
      throws IOException, InterruptedException {
    SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(key.id(), key.secret()))
        .request(unsigned)
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "ec2")
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .POST(HttpRequest.BodyPublishers.ofString(sentBody));
    signed.request().forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String body, AccessKey key) throws IOException, InterruptedException {
    return post(body, key, Instant.now(), body);
  }

  /** A POST with no Authorization header. */
  HttpResponse<String> unsigned(String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
