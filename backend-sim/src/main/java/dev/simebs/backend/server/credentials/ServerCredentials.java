package dev.simebs.backend.server.credentials;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Everything the standalone backend proves or checks: the bearer token drivers present, the admin
 * API's own token, and its TLS certificate (self-signed, so it is also the CA clients trust) with
 * its private key, both PEM. Kept as named items, the same in a directory and in a Secret.
 */
public record ServerCredentials(
    String token, String adminToken, String certificatePem, String privateKeyPem) {

  public static final String TOKEN = "token";
  public static final String ADMIN_TOKEN = "admin-token";
  public static final String CERTIFICATE = "tls.crt";
  public static final String PRIVATE_KEY = "tls.key";
  /** What clients trust: the self-signed certificate itself. */
  public static final String CA = "ca.crt";
  /** Every item's name. */
  public static final List<String> ITEM_NAMES = List.of(TOKEN, ADMIN_TOKEN, CERTIFICATE, PRIVATE_KEY, CA);

  private static final int TOKEN_BYTES = 32;

  public ServerCredentials {
    for (var item : List.of(token, adminToken, certificatePem, privateKeyPem)) {
      if (item == null || item.isBlank()) {
        throw new IllegalArgumentException("backend credentials have an empty item");
      }
    }
  }

  /** Fresh random tokens and a new certificate valid for {@code names}. */
  public static ServerCredentials generate(List<String> names) {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(names);
    return new ServerCredentials(
        randomToken(), randomToken(), certificate.certificatePem(), certificate.privateKeyPem());
  }

  /** Every item, by name, as stored. */
  public Map<String, String> items() {
    return Map.of(
        TOKEN, token,
        ADMIN_TOKEN, adminToken,
        CERTIFICATE, certificatePem,
        PRIVATE_KEY, privateKeyPem,
        CA, certificatePem);
  }

  /** What a driver process gets: the token and the CA, never the key or the admin token. */
  public Map<String, String> clientItems() {
    return Map.of(TOKEN, token, CA, certificatePem);
  }

  /** Rebuilds credentials from stored items; a missing one is an IllegalStateException naming it. */
  public static ServerCredentials fromItems(Map<String, String> items, String where) {
    return new ServerCredentials(
        item(items, TOKEN, where),
        item(items, ADMIN_TOKEN, where),
        item(items, CERTIFICATE, where),
        item(items, PRIVATE_KEY, where));
  }

  private static String item(Map<String, String> items, String name, String where) {
    String value = items.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(where + " has no " + name + "; delete it to have it made again");
    }
    return value.strip() + (name.endsWith(".crt") || name.endsWith(".key") ? "\n" : "");
  }

  private static String randomToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "ServerCredentials[(redacted)]";
  }
}
