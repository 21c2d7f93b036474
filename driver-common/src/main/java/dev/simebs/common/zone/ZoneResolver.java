package dev.simebs.common.zone;

import dev.simebs.common.DriverInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds this node's zone: the {@code topology.kubernetes.io/zone} label of its Kubernetes Node
 * object (what the cloud's node labeller sets), read with the fabric8 client.
 */
public final class ZoneResolver {

  private static final Logger log = LoggerFactory.getLogger(ZoneResolver.class);

  private ZoneResolver() {}

  /** The zone label of Node {@code nodeName}; empty when the Node or the label is missing. */
  public static Optional<String> fromNodeLabels(KubernetesClient client, String nodeName) {
    try {
      Node node = client.nodes().withName(nodeName).get();
      if (node == null) {
        log.warn("Kubernetes has no Node named {}; cannot read its zone", nodeName);
        return Optional.empty();
      }
      Map<String, String> labels = node.getMetadata().getLabels();
      return Optional.ofNullable(labels == null ? null : labels.get(DriverInfo.WELL_KNOWN_ZONE_KEY))
          .filter(zone -> !zone.isBlank());
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot read Node " + nodeName + " from Kubernetes: " + e.getMessage(), e);
    }
  }
}
