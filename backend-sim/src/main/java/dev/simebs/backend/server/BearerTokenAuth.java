package dev.simebs.backend.server;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.common.backend.BackendConnection;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a call through only when it carries {@code authorization: Bearer <token>} with the
 * configured token; anything else is UNAUTHENTICATED before the service sees it. The comparison
 * takes the same time however much of the token matches.
 */
public final class BearerTokenAuth implements ServerInterceptor {

  private static final String PREFIX = "Bearer ";
  private final byte[] expected;

  public BearerTokenAuth(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the backend token must not be blank");
    }
    this.expected = (PREFIX + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String presented = headers.get(BackendConnection.AUTHORIZATION);
    if (presented == null
        || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
      StatusRuntimeException refusal = BackendErrors.error(ErrorReason.UNAUTHORIZED,
          presented == null ? "missing bearer token" : "wrong bearer token");
      Metadata trailers = refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers();
      call.close(refusal.getStatus(), trailers);
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
