package dev.simebs.controller.parameters;

import dev.simebs.backend.api.Tag;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * VolumeSnapshotClass parameters: {@code tagSpecification_N} and the {@code csi.storage.k8s.io/…}
 * keys the snapshotter adds (the snapshot's names become tags). Anything else is INVALID_ARGUMENT.
 */
public final class SnapshotParameters {

  private SnapshotParameters() {}

  /** The tags to put on the snapshot: the Kubernetes names first, then the user's. */
  public static List<Tag> tags(Map<String, String> parameters) {
    List<Tag> tags = new ArrayList<>();
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      String key = entry.getKey();
      if (ParameterKeys.isKubernetes(key)) {
        KubernetesTags.forParameter(key, entry.getValue()).ifPresent(tags::add);
      } else if (!ParameterKeys.isTagSpecification(key)) {
        throw new InvalidRequest(
            "snapshot parameter \"%s\" is unknown; snapshots take %sN and %s… keys",
            key, ParameterKeys.TAG_SPECIFICATION_PREFIX, ParameterKeys.KUBERNETES_PREFIX);
      }
    }
    tags.addAll(TagSpecifications.parse(parameters));
    return tags;
  }
}
