package dev.simebs.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.DriverInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up taint goes only once kubelet lists the driver on the node's CSINode. */
@EnableKubernetesMockClient(crud = true)
class StartupTaintTest {

  KubernetesClient client;

  @Test
  void taintIsRemovedOnlyAfterKubeletRegisteredTheDriver() throws Exception {
    createNode("worker-1");
    createCsiNode("worker-1", "other.csi.example.com");

    try (StartupTaint taint = StartupTaint.removeOnceRegistered(client, "worker-1")) {
      assertThat(taint.awaitRemoved(Duration.ofMillis(500))).isFalse();
      assertThat(taintKeys("worker-1")).contains(StartupTaint.KEY);

      createCsiNode("worker-1", "other.csi.example.com", DriverInfo.DRIVER_NAME);

      assertThat(taint.awaitRemoved(Duration.ofSeconds(60))).isTrue();
    }
    assertThat(taintKeys("worker-1"))
        .containsExactly("node.kubernetes.io/unrelated")
        .doesNotContain(StartupTaint.KEY);
  }

  @Test
  void aNodeWithoutTheTaintIsLeftAlone() throws Exception {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-2").endMetadata().build()).create();
    createCsiNode("worker-2", DriverInfo.DRIVER_NAME);

    try (StartupTaint taint = StartupTaint.removeOnceRegistered(client, "worker-2")) {
      assertThat(taint.awaitRemoved(Duration.ofSeconds(60))).isTrue();
    }
    assertThat(taintKeys("worker-2")).isEmpty();
  }

  private void createNode(String name) {
    client.nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .addNewTaint().withKey("node.kubernetes.io/unrelated").withEffect("NoSchedule").endTaint()
        .addNewTaint().withKey(StartupTaint.KEY).withEffect("NoExecute").endTaint()
        .endSpec()
        .build()).create();
  }

  private void createCsiNode(String name, String... drivers) {
    CSINodeBuilder csiNode = new CSINodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec();
    for (String driver : drivers) {
      csiNode.editSpec().addNewDriver().withName(driver).withNodeID(name).endDriver().endSpec();
    }
    client.storage().v1().csiNodes().resource(csiNode.build()).createOr(op -> op.update());
  }

  private List<String> taintKeys(String name) {
    Node node = client.nodes().withName(name).get();
    List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null
        ? List.of() : node.getSpec().getTaints();
    return taints.stream().map(Taint::getKey).toList();
  }
}
