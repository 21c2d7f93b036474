package dev.simebs.backend.volumestore;

/** Where volume and snapshot images live, and so whether copies of them are point-in-time. */
public enum VolumeStoreMode {
  /**
   * The data directory itself when it can reflink (xfs with reflink, btrfs); otherwise the
   * backend's own xfs image when it may make one (root, xfsprogs, mount); otherwise the data
   * directory with extent copies, which are not point-in-time for volumes in use (said at start).
   */
  AUTO,
  /** The data directory as it is: reflink if it can, extent copies if not. */
  DATA_DIR,
  /** The backend's own reflink xfs image, or no start at all. */
  REFLINK_IMAGE
}
