package dev.simebs.backend.model;

import static dev.simebs.backend.api.ErrorReason.IDEMPOTENT_PARAMETER_MISMATCH;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.simebs.backend.api.BackendErrors;
import java.sql.SQLException;

/**
 * The idempotency rule of every create that takes a client token: a repeat must carry exactly
 * the request stored with the token, or it is IDEMPOTENT_PARAMETER_MISMATCH.
 */
public final class IdempotentRequests {

  private IdempotentRequests() {}

  /**
   * Passes when {@code request} equals the one stored with {@code token} for {@code kind}
   * {@code id}; throws IDEMPOTENT_PARAMETER_MISMATCH otherwise.
   */
  public static void requireSame(
      String token, String kind, String id, byte[] storedRequest, Message request)
      throws SQLException {
    Message original;
    try {
      original = request.getParserForType().parseFrom(storedRequest);
    } catch (InvalidProtocolBufferException e) {
      throw new SQLException("corrupt request of " + id, e);
    }
    if (!original.equals(request)) {
      throw BackendErrors.error(
          IDEMPOTENT_PARAMETER_MISMATCH,
          "client_token '%s' was used for %s %s with other parameters".formatted(token, kind, id),
          id);
    }
  }
}
