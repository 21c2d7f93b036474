package dev.simebs.controller.parameters;

import dev.simebs.backend.api.Tag;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tags that record which Kubernetes objects a volume or snapshot was made for, from the
 * {@code csi.storage.k8s.io/…} parameters the sidecars add (with --extra-create-metadata).
 */
public final class KubernetesTags {

  private static final String PREFIX = "kubernetes.io/created-for/";

  private static final Map<String, String> TAG_BY_PARAMETER =
      Map.of(
          ParameterKeys.PVC_NAME, PREFIX + "pvc/name",
          ParameterKeys.PVC_NAMESPACE, PREFIX + "pvc/namespace",
          ParameterKeys.PV_NAME, PREFIX + "pv/name",
          ParameterKeys.SNAPSHOT_NAME, PREFIX + "volumesnapshot/name",
          ParameterKeys.SNAPSHOT_NAMESPACE, PREFIX + "volumesnapshot/namespace",
          ParameterKeys.SNAPSHOT_CONTENT_NAME, PREFIX + "volumesnapshotcontent/name");

  private KubernetesTags() {}

  /** The tag for a sidecar parameter, if it is one that is recorded and has a value. */
  public static Optional<Tag> forParameter(String key, String value) {
    String tagKey = TAG_BY_PARAMETER.get(key.toLowerCase(Locale.ROOT));
    if (tagKey == null || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Tag.newBuilder().setKey(tagKey).setValue(value).build());
  }
}
