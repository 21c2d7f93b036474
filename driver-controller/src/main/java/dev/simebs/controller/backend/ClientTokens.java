package dev.simebs.controller.backend;

import dev.simebs.common.Digests;

/**
 * Backend idempotency tokens from CSI names: a SHA-256 hex digest, so a name of any length makes
 * a fixed-size token, and the same name always makes the same token (also after a restart).
 */
public final class ClientTokens {

  private ClientTokens() {}

  public static String forVolume(String csiName) {
    return sha256("volume:" + csiName);
  }

  public static String forSnapshot(String csiName) {
    return sha256("snapshot:" + csiName);
  }

  /** A SHA-256 hex digest of {@code text}. */
  public static String sha256(String text) {
    return Digests.sha256(text);
  }
}
