package dev.simebs.backend.model;

import dev.simebs.backend.api.BackendErrors;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.ResourceIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque paging tokens: the last ID of the previous page, base64url-encoded, so pages are keyset
 * queries on the primary key and stay correct while objects come and go.
 */
public final class PageTokens {

  private PageTokens() {}

  public static String encode(String lastId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  /** The ID to continue after; "" for the first page. */
  public static String decode(ResourceIds kind, String token) {
    if (token.isEmpty()) {
      return "";
    }
    try {
      String id = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (kind.isValid(id)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw BackendErrors.error(
        ErrorReason.INVALID_PARAMETER_VALUE, "next_token: '" + token + "' is not a valid token");
  }
}
