package dev.simebs.backend.server.credentials;

import java.io.IOException;
import java.util.List;

/**
 * Where the backend keeps its credentials: read when present, made and stored on first start
 * otherwise, so no token or key is ever shipped in manifests or defaults.
 */
public sealed interface CredentialStore permits DirectoryCredentials, SecretCredentials {

  /**
   * The stored credentials, or new ones (for {@code names}) stored now when there are none.
   *
   * @param names the DNS names and IP addresses a new certificate is valid for
   */
  ServerCredentials loadOrCreate(List<String> names) throws IOException;
}
