package dev.simebs.dist.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.common.DriverInfo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The user's workflow against a real cluster with SimEBS installed (deploy/kind/up.sh): a PVC on
 * the default class binds, attaches, serves a pod, is snapshotted and restored, grows, changes
 * class and is deleted. Skips without KUBECONFIG; see docs/kind.md. Steps print as they go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterE2ETest {

  private static final long TIMEOUT_SECONDS = 180;
  private static final ResourceDefinitionContext VOLUME_SNAPSHOT =
      new ResourceDefinitionContext.Builder()
          .withGroup("snapshot.storage.k8s.io")
          .withVersion("v1")
          .withKind("VolumeSnapshot")
          .withPlural("volumesnapshots")
          .withNamespaced(true)
          .build();

  private KubernetesClient client;
  private String namespace;
  private boolean podsCanRun;

  @BeforeAll
  void connect() {
    assumeTrue(System.getenv("KUBECONFIG") != null, "KUBECONFIG is not set; no cluster to test");
    client = new KubernetesClientBuilder().build();
    assumeTrue(
        client.storage().v1().csiDrivers().withName(DriverInfo.DRIVER_NAME).get() != null,
        "SimEBS is not installed in this cluster (deploy/kind/up.sh installs it)");
    namespace = "simebs-e2e-" + Long.toHexString(System.nanoTime());
    Namespace ns = new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build();
    client.namespaces().resource(ns).create();
    podsCanRun =
        client.nodes().list().getItems().stream()
            .anyMatch(n -> n.getSpec().getTaints() == null || n.getSpec().getTaints().isEmpty());
    step("namespace %s (pods can run: %s)", namespace, podsCanRun);
  }

  @AfterAll
  void cleanUp() {
    if (client != null && namespace != null) {
      step("deleting namespace %s", namespace);
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }

  @Test
  @Order(1)
  void claimOnTheDefaultClassBindsToAPersistentVolumeOfOurDriver() {
    client.persistentVolumeClaims().inNamespace(namespace).resource(claim("data", "2Gi", null)).create();
    if (podsCanRun) {
      client.pods().inNamespace(namespace).resource(writerPod("writer", "data")).create();
    }
    step("waiting for PVC data to bind");
    PersistentVolumeClaim bound = waitForClaim("data", c -> "Bound".equals(c.getStatus().getPhase()));
    PersistentVolume pv = client.persistentVolumes().withName(bound.getSpec().getVolumeName()).get();

    assertThat(pv.getSpec().getCsi().getDriver()).isEqualTo(DriverInfo.DRIVER_NAME);
    assertThat(pv.getSpec().getCsi().getVolumeHandle()).matches("vol-[0-9a-f]{17}");
    assertThat(pv.getSpec().getCapacity().get("storage")).isEqualTo(new Quantity("2Gi"));
    assertThat(pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms())
        .flatExtracting(t -> t.getMatchExpressions())
        .extracting(e -> e.getKey())
        .contains(DriverInfo.ZONE_TOPOLOGY_KEY);
  }

  @Test
  @Order(2)
  void podSeesARealFileSystemAndTheVolumeIsAttached() {
    assumeTrue(podsCanRun, "no node in this cluster can run pods; skipping the pod steps");
    step("waiting for pod writer to run");
    client.pods().inNamespace(namespace).withName("writer")
        .waitUntilCondition(p -> p != null && "Running".equals(p.getStatus().getPhase()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
    String pvName = client.persistentVolumeClaims().inNamespace(namespace).withName("data").get().getSpec().getVolumeName();
    VolumeAttachment attachment =
        client.storage().v1().volumeAttachments().list().getItems().stream()
            .filter(va -> pvName.equals(va.getSpec().getSource().getPersistentVolumeName()))
            .findFirst()
            .orElseThrow();
    assertThat(attachment.getSpec().getAttacher()).isEqualTo(DriverInfo.DRIVER_NAME);
    assertThat(attachment.getStatus().getAttached()).isTrue();

    String written = exec("writer", "cat", "/data/hello.txt");
    assertThat(written).contains("hello from simebs");
  }

  @Test
  @Order(3)
  void snapshotBecomesReadyAndRestoresIntoANewClaimWithTheSameData() {
    GenericKubernetesResource snapshot =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("snapshot.storage.k8s.io/v1")
            .withKind("VolumeSnapshot")
            .withNewMetadata().withName("data-snap").withNamespace(namespace).endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("source", Map.of("persistentVolumeClaimName", "data"))))
            .build();
    client.genericKubernetesResources(VOLUME_SNAPSHOT).inNamespace(namespace).resource(snapshot).create();
    step("waiting for VolumeSnapshot data-snap to be ready");
    client.genericKubernetesResources(VOLUME_SNAPSHOT).inNamespace(namespace).withName("data-snap")
        .waitUntilCondition(s -> s != null && Boolean.TRUE.equals(readyToUse(s)), TIMEOUT_SECONDS, TimeUnit.SECONDS);

    client.persistentVolumeClaims().inNamespace(namespace).resource(claim("restored", "2Gi", "data-snap")).create();
    if (podsCanRun) {
      client.pods().inNamespace(namespace).resource(readerPod("reader", "restored")).create();
    }
    step("waiting for PVC restored to bind");
    waitForClaim("restored", c -> "Bound".equals(c.getStatus().getPhase()));
    if (podsCanRun) {
      client.pods().inNamespace(namespace).withName("reader")
          .waitUntilCondition(p -> p != null && "Running".equals(p.getStatus().getPhase()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(exec("reader", "cat", "/data/hello.txt")).contains("hello from simebs");
    }
  }

  @Test
  @Order(4)
  void expandingTheClaimGrowsThePersistentVolume() {
    client.persistentVolumeClaims().inNamespace(namespace).withName("data")
        .edit(c -> { c.getSpec().getResources().getRequests().put("storage", new Quantity("3Gi")); return c; });
    step("waiting for PVC data to reach 3Gi");
    waitForClaim("data", c -> new Quantity("3Gi").equals(c.getStatus().getCapacity().get("storage")));
    String pvName = client.persistentVolumeClaims().inNamespace(namespace).withName("data").get().getSpec().getVolumeName();
    assertThat(client.persistentVolumes().withName(pvName).get().getSpec().getCapacity().get("storage"))
        .isEqualTo(new Quantity("3Gi"));
  }

  @Test
  @Order(5)
  void volumeAttributesClassIsAppliedToTheClaim() {
    assumeTrue(
        client.storage().v1().volumeAttributesClasses().withName("simebs-gp3-fast").get() != null,
        "VolumeAttributesClass simebs-gp3-fast is not installed");
    client.persistentVolumeClaims().inNamespace(namespace).withName("data")
        .edit(c -> { c.getSpec().setVolumeAttributesClassName("simebs-gp3-fast"); return c; });
    step("waiting for PVC data to report class simebs-gp3-fast");
    waitForClaim("data", c -> "simebs-gp3-fast".equals(c.getStatus().getCurrentVolumeAttributesClassName()));
  }

  @Test
  @Order(6)
  void deletingTheClaimsDeletesTheirVolumes() {
    String pvName = client.persistentVolumeClaims().inNamespace(namespace).withName("data").get().getSpec().getVolumeName();
    client.pods().inNamespace(namespace).delete();
    client.genericKubernetesResources(VOLUME_SNAPSHOT).inNamespace(namespace).delete();
    client.persistentVolumeClaims().inNamespace(namespace).delete();
    step("waiting for PV %s to be deleted", pvName);
    client.persistentVolumes().withName(pvName).waitUntilCondition(Objects::isNull, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(client.persistentVolumes().withName(pvName).get()).isNull();
  }

  private PersistentVolumeClaim waitForClaim(String name, Predicate<PersistentVolumeClaim> condition) {
    return client.persistentVolumeClaims().inNamespace(namespace).withName(name)
        .waitUntilCondition(c -> c != null && c.getStatus() != null && condition.test(c), TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static Boolean readyToUse(GenericKubernetesResource snapshot) {
    Object status = snapshot.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? (Boolean) map.get("readyToUse") : null;
  }

  private static PersistentVolumeClaim claim(String name, String size, String fromSnapshot) {
    var builder =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata().withName(name).endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName("simebs-gp3")
            .withNewResources().addToRequests("storage", new Quantity(size)).endResources();
    if (fromSnapshot != null) {
      builder = builder.withNewDataSource()
          .withApiGroup("snapshot.storage.k8s.io").withKind("VolumeSnapshot").withName(fromSnapshot)
          .endDataSource();
    }
    return builder.endSpec().build();
  }

  private static Pod writerPod(String name, String claim) {
    return pod(name, claim, "echo 'hello from simebs' > /data/hello.txt && sync && sleep 3600");
  }

  private static Pod readerPod(String name, String claim) {
    return pod(name, claim, "sleep 3600");
  }

  private static Pod pod(String name, String claim, String script) {
    return new PodBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .addNewContainer().withName("app").withImage("busybox:1.37").withCommand("sh", "-c", script)
        .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().endVolume()
        .endSpec()
        .build();
  }

  private String exec(String pod, String... command) {
    try (var out = new java.io.ByteArrayOutputStream();
        var watch = client.pods().inNamespace(namespace).withName(pod).writingOutput(out).exec(command)) {
      watch.exitCode().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new AssertionError("exec in " + pod + " failed", e);
    }
  }

  private static void step(String format, Object... args) {
    System.out.printf("[cluster-e2e] " + format + "%n", args);
  }
}
