package dev.simebs.common.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ZoneResolverTest {

  KubernetesClient client;

  @Test
  void zoneComesFromTheNodesWellKnownLabel() {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("worker-1")
                .addToLabels("topology.kubernetes.io/zone", "sim-b")
                .endMetadata()
                .build())
        .create();

    assertThat(ZoneResolver.fromNodeLabels(client, "worker-1")).contains("sim-b");
  }

  @Test
  void nodeWithoutTheLabelHasNoZone() {
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("worker-2").endMetadata().build())
        .create();

    assertThat(ZoneResolver.fromNodeLabels(client, "worker-2")).isEmpty();
  }

  @Test
  void missingNodeHasNoZone() {
    assertThat(ZoneResolver.fromNodeLabels(client, "nowhere")).isEmpty();
  }
}
