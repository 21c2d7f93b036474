package dev.simebs.common;

/**
 * Keys of the maps the controller hands to the node: {@code volume_context} (from CreateVolume)
 * and {@code publish_context} (from ControllerPublishVolume). Both sides use these constants, so
 * the contract lives in one place.
 */
public final class VolumeContextKeys {

  private VolumeContextKeys() {}

  // volume_context
  /** Volume type, e.g. gp3. */
  public static final String TYPE = "type";
  /** File system to create on a blank device: ext4 (default), ext3 or xfs. */
  public static final String FS_TYPE = "fsType";
  /** mkfs block size in bytes. */
  public static final String BLOCK_SIZE = "blockSize";
  /** mkfs inode size in bytes. */
  public static final String INODE_SIZE = "inodeSize";
  /** ext* bytes-per-inode ratio (mkfs -i). */
  public static final String BYTES_PER_INODE = "bytesPerInode";
  /** ext* inode count (mkfs -N). */
  public static final String NUMBER_OF_INODES = "numberOfInodes";

  // publish_context
  /** Absolute path of the volume's backing file, which the node binds to a loop device. */
  public static final String BACKING_FILE = "backingFile";
  /** The cloud's device name for the attachment, e.g. /dev/xvdba (informational). */
  public static final String DEVICE_NAME = "deviceName";

  // volume_context keys that kubelet adds for CSI ephemeral inline volumes
  public static final String EPHEMERAL = "csi.storage.k8s.io/ephemeral";
}
