package dev.simebs.controller.parameters;

import java.util.Locale;
import java.util.regex.Pattern;

/** The keys of StorageClass, VolumeAttributesClass and VolumeSnapshotClass parameters. */
public final class ParameterKeys {

  private ParameterKeys() {}

  public static final String TYPE = "type";
  public static final String IOPS = "iops";
  public static final String IOPS_PER_GB = "iopsPerGB";
  public static final String THROUGHPUT = "throughput";
  public static final String ENCRYPTED = "encrypted";
  public static final String KMS_KEY_ID = "kmsKeyId";
  public static final String FS_TYPE = "csi.storage.k8s.io/fstype";
  public static final String BLOCK_SIZE = "blockSize";
  public static final String INODE_SIZE = "inodeSize";
  public static final String BYTES_PER_INODE = "bytesPerInode";
  public static final String NUMBER_OF_INODES = "numberOfInodes";
  public static final String MULTI_ATTACH = "multiAttach";
  /** {@code tagSpecification_1}, {@code tagSpecification_2}, … each {@code key=value}. */
  public static final String TAG_SPECIFICATION_PREFIX = "tagSpecification_";

  /** Keys the Kubernetes sidecars add; accepted, and the object names among them become tags. */
  public static final String KUBERNETES_PREFIX = "csi.storage.k8s.io/";
  public static final String PVC_NAME = "csi.storage.k8s.io/pvc/name";
  public static final String PVC_NAMESPACE = "csi.storage.k8s.io/pvc/namespace";
  public static final String PV_NAME = "csi.storage.k8s.io/pv/name";
  public static final String SNAPSHOT_NAME = "csi.storage.k8s.io/volumesnapshot/name";
  public static final String SNAPSHOT_NAMESPACE = "csi.storage.k8s.io/volumesnapshot/namespace";
  public static final String SNAPSHOT_CONTENT_NAME = "csi.storage.k8s.io/volumesnapshotcontent/name";

  private static final Pattern TAG_SPECIFICATION =
      Pattern.compile(Pattern.quote(TAG_SPECIFICATION_PREFIX.toLowerCase(Locale.ROOT)) + "[1-9][0-9]{0,5}");

  /** Keys match case-insensitively, as users of the EBS driver are used to. */
  public static boolean matches(String key, String known) {
    return key.equalsIgnoreCase(known);
  }

  public static boolean isTagSpecification(String key) {
    return TAG_SPECIFICATION.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  public static boolean isKubernetes(String key) {
    return key.toLowerCase(Locale.ROOT).startsWith(KUBERNETES_PREFIX);
  }

  /** The N of {@code tagSpecification_N}, for ordering. */
  public static int tagSpecificationIndex(String key) {
    return Integer.parseInt(key.substring(TAG_SPECIFICATION_PREFIX.length()));
  }
}
