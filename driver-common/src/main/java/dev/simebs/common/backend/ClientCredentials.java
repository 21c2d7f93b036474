package dev.simebs.common.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a driver process needs to call the backend: the bearer token, and the CA certificate the
 * backend's TLS certificate must chain to. Both come from files (a mounted Secret in a cluster),
 * and both are required: the backend serves only TLS and only with a token.
 *
 * @param token the bearer token
 * @param caCertificate a PEM file of trusted certificates
 */
public record ClientCredentials(String token, Path caCertificate) {

  public ClientCredentials {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the backend token is empty");
    }
  }

  /**
   * Reads the token from {@code tokenFile} and checks that {@code caFile} exists; a missing flag
   * or file is an IllegalArgumentException naming it.
   */
  public static ClientCredentials read(Path tokenFile, Path caFile) {
    if (tokenFile == null || caFile == null) {
      throw new IllegalArgumentException(
          "--backend needs --backend-token-file and --backend-ca-file (the backend serves only"
              + " TLS with a bearer token)");
    }
    if (!Files.isReadable(caFile)) {
      throw new IllegalArgumentException("cannot read backend CA file " + caFile);
    }
    try {
      String token = Files.readString(tokenFile).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("backend token file " + tokenFile + " is empty");
      }
      return new ClientCredentials(token, caFile);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read backend token file " + tokenFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ClientCredentials[token=(redacted), caCertificate=" + caCertificate + "]";
  }
}
