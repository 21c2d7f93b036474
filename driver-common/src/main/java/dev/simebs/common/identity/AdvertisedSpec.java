package dev.simebs.common.identity;

/**
 * The newest CSI spec version whose enum values the driver may send. Sidecars built against an
 * older spec do not know newer values: csi-provisioner v5.2.0 (spec v1.11) dereferences a nil
 * enum descriptor while logging a response and crashes, and csi-sanity v5.4.0 fails "Unknown
 * capability". So the driver serves every RPC it has, but advertises what v1.11.0 names unless
 * the operator opts in to v1.12.0.
 */
public enum AdvertisedSpec {
  V1_11_0,
  V1_12_0;

  /** What the driver advertises unless told otherwise. */
  public static final AdvertisedSpec DEFAULT = V1_11_0;

  /** True when a value the spec added in {@code version} may be sent. */
  public boolean allows(AdvertisedSpec version) {
    return version.compareTo(this) <= 0;
  }
}
