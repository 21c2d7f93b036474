package dev.simebs.ec2.auth;

import dev.simebs.ec2.http.HttpCall;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 ...}) by signing the
 * request again with the AWS SDK for Java v2's own SigV4 signer: the same method, path, query, body and exactly the
 * headers the client signed, at the client's {@code X-Amz-Date}, with the secret of the key the
 * client named. The two signatures are compared in constant time. The crypto and the canonical
 * form are the SDK's, not ours.
 */
public final class SigV4Verifier {

  /** How far a request's date may be from the server's clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String SERVICE = "ec2";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  /** Who signed a request, and for which region. */
  public record Signer(AccessKey key, String region) {}

  private record Authorization(String keyId, String date, String region, String service,
      List<String> signedHeaders, String signature) {}

  private final Map<String, AccessKey> keys;
  private final Clock clock;
  @SuppressWarnings("deprecation")
  private final Aws4Signer signer = Aws4Signer.create();

  public SigV4Verifier(List<AccessKey> keys, Clock clock) {
    this.keys = keys.stream().collect(Collectors.toUnmodifiableMap(AccessKey::id,
        Function.identity(), (a, b) -> {
          throw new IllegalArgumentException("access key " + a.id() + " is given twice");
        }));
    this.clock = clock;
  }

  public Signer verify(HttpCall call) {
    Authorization auth = parse(call.header("authorization").orElseThrow(() -> Ec2Exception.of(
        Ec2ErrorCode.MISSING_AUTHENTICATION_TOKEN,
        "The request must be signed with AWS Signature Version 4 (no Authorization header)")));
    AccessKey key = keys.get(auth.keyId());
    if (key == null) {
      throw Ec2Exception.of(Ec2ErrorCode.AUTH_FAILURE,
          "AWS was not able to validate the provided access credentials (unknown key %s)",
          auth.keyId());
    }
    if (!auth.service().equals(SERVICE)) {
      throw Ec2Exception.of(Ec2ErrorCode.SIGNATURE_DOES_NOT_MATCH,
          "Credential should be scoped to correct service: '%s'", SERVICE);
    }
    Instant signedAt = signedAt(call, auth);
    Duration skew = Duration.between(signedAt, clock.instant()).abs();
    if (skew.compareTo(MAX_SKEW) > 0) {
      throw Ec2Exception.of(Ec2ErrorCode.REQUEST_EXPIRED,
          "Request has expired: signed at %s, %d s from the server's time (at most %d s)",
          signedAt, skew.toSeconds(), MAX_SKEW.toSeconds());
    }
    String expected = signatureOf(call, auth, key, signedAt);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        auth.signature().getBytes(StandardCharsets.US_ASCII))) {
      throw Ec2Exception.of(Ec2ErrorCode.SIGNATURE_DOES_NOT_MATCH,
          "The request signature we calculated does not match the signature you provided."
              + " Check your AWS Secret Access Key and signing method.");
    }
    return new Signer(key, auth.region());
  }

  // Aws4Signer is deprecated in favour of AwsV4HttpSigner, which always adds and signs an
  // x-amz-content-sha256 header; the AWS CLI does not send one for EC2, so only Aws4Signer, which
  // signs exactly the headers present (as botocore does), can reproduce every client's signature.
  @SuppressWarnings("deprecation")
  private String signatureOf(HttpCall call, Authorization auth, AccessKey key, Instant signedAt) {
    String host = call.header("host").orElseThrow(() -> incomplete("no Host header"));
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
        .method(method(call.method()))
        .uri(uri(host, call))
        .contentStreamProvider(ContentStreamProvider.fromByteArray(call.body()));
    for (String name : auth.signedHeaders()) {
      List<String> values = call.headers().get(name);
      if (values == null) {
        throw incomplete("signed header '" + name + "' is not in the request");
      }
      request.putHeader(name, values);
    }
    SdkHttpFullRequest signed = signer.sign(request.build(), Aws4SignerParams.builder()
        .awsCredentials(AwsBasicCredentials.create(key.id(), key.secret()))
        .signingName(auth.service())
        .signingRegion(Region.of(auth.region()))
        .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
        .build());
    String header = signed.firstMatchingHeader("Authorization").orElseThrow();
    return header.substring(header.lastIndexOf("Signature=") + "Signature=".length());
  }

  private static Instant signedAt(HttpCall call, Authorization auth) {
    String date = call.header("x-amz-date").orElseThrow(() -> incomplete(
        "the request must carry an X-Amz-Date header"));
    Instant instant;
    try {
      instant = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw incomplete("X-Amz-Date '" + date + "' is not yyyyMMdd'T'HHmmss'Z'");
    }
    if (!date.startsWith(auth.date())) {
      throw Ec2Exception.of(Ec2ErrorCode.SIGNATURE_DOES_NOT_MATCH,
          "The credential scope date %s is not the day of X-Amz-Date %s", auth.date(), date);
    }
    if (!auth.signedHeaders().contains("host") || !auth.signedHeaders().contains("x-amz-date")) {
      throw incomplete("SignedHeaders must include host and x-amz-date");
    }
    return instant;
  }

  /** {@code AWS4-HMAC-SHA256 Credential=ID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...}. */
  private static Authorization parse(String header) {
    if (!header.startsWith(ALGORITHM + " ")) {
      throw incomplete("Authorization must use " + ALGORITHM);
    }
    Map<String, String> parts;
    try {
      parts = java.util.Arrays.stream(header.substring(ALGORITHM.length()).split(","))
          .map(String::strip)
          .map(part -> part.split("=", 2))
          .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    } catch (ArrayIndexOutOfBoundsException | IllegalStateException e) {
      throw incomplete("Authorization is not Credential=..., SignedHeaders=..., Signature=...");
    }
    String credential = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      throw incomplete("Authorization needs Credential, SignedHeaders and Signature");
    }
    String[] scope = credential.split("/");
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      throw incomplete("Credential must be KEY/DATE/REGION/SERVICE/aws4_request");
    }
    return new Authorization(scope[0], scope[1], scope[2], scope[3],
        List.of(signedHeaders.split(";")), signature);
  }

  private static SdkHttpMethod method(String name) {
    try {
      return SdkHttpMethod.fromValue(name);
    } catch (IllegalArgumentException e) {
      throw incomplete("unsupported method " + name);
    }
  }

  private static URI uri(String host, HttpCall call) {
    String query = call.rawQuery() == null || call.rawQuery().isEmpty()
        ? "" : "?" + call.rawQuery();
    try {
      return URI.create("http://" + host + call.rawPath() + query);
    } catch (IllegalArgumentException e) {
      throw incomplete("the request's host or path is not a URI: " + e.getMessage());
    }
  }

  private static Ec2Exception incomplete(String why) {
    return Ec2Exception.of(Ec2ErrorCode.INCOMPLETE_SIGNATURE, "The request signature does not"
        + " conform to AWS standards: %s", why);
  }
}
