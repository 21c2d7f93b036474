package dev.simebs.dist.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.dist.deploy.Manifests.NamedPodSpec;
import dev.simebs.node.cluster.StartupTaint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules a platform team installs SimEBS by: no credential ships, only the driver's pods reach
 * the backend, Pod Security is as strict as each pod allows, the controller survives a node
 * going away, the node plugin runs only where the volume store is and lifts the start-up taint,
 * and the backend stays with its database.
 */
class DeployRulesTest {

  private static final Path DEPLOY = Manifests.deployDir();
  /** The base and the SimEFS component, which follows the same rules. */
  private static final Manifests BASE = Manifests.fromFiles(java.util.stream.Stream.concat(
      Manifests.yamlFiles(DEPLOY.resolve("kubernetes/base")).stream(),
      Manifests.yamlFiles(DEPLOY.resolve("kubernetes/components/efs")).stream()).toList());
  private static final Set<String> PRIVILEGED = Set.of("simebs-node/simebs", "simefs-node/simebs");
  private static final String CLIENT_SECRET = "simebs-backend-client";
  /** What reads like a credential written into a manifest or kustomization. */
  private static final Pattern LITERAL_CREDENTIAL = Pattern.compile(
      "(?im)(token\\s*[=:]\\s*[\"']?[A-Za-z0-9._-]{8,})|(BEGIN [A-Z ]*PRIVATE KEY)|(secretGenerator)|(^\\s*(data|stringData):)");

  @Test
  void noCredentialShipsInAnyManifestOrKustomization() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(DEPLOY)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (Path file : files) {
      assertThat(LITERAL_CREDENTIAL.matcher(Files.readString(file)).find())
          .as("%s carries no token, key, generated Secret or Secret data", file)
          .isFalse();
    }
    assertThat(Manifests.fromFiles(Manifests.yamlFiles(DEPLOY.resolve("kubernetes"))).all())
        .noneMatch(o -> o.getKind().equals("Secret"));
  }

  @Test
  void driverPodsMountOnlyTheTokenAndCaTheBackendMadeForThem() {
    for (NamedPodSpec pod : List.of(workload("simebs-controller"), workload("simebs-node"),
        workload("simefs-controller"), workload("simefs-node"))) {
      List<Volume> secrets = pod.spec().getVolumes().stream().filter(v -> v.getSecret() != null).toList();
      assertThat(secrets).as(pod.workload()).singleElement().satisfies(v -> {
        assertThat(v.getSecret().getSecretName()).isEqualTo(CLIENT_SECRET);
        assertThat(v.getSecret().getItems()).extracting(i -> i.getKey()).containsExactlyInAnyOrder("token", "ca.crt");
      });
    }
    Container backend = workload("simebs-backend").container("backend");
    assertThat(Manifests.flags(backend, "--client-secret"))
        .containsExactlyInAnyOrder("simebs-system/" + CLIENT_SECRET, "simebs-node/" + CLIENT_SECRET);
    assertThat(Manifests.flag(backend, "--credentials-secret")).isPresent();
    assertThat(Manifests.flag(backend, "--admin-listen")).as("admin API off unless enabled").isEmpty();
  }

  @Test
  void onlyTheControllerAndNodePodsReachTheBackend() {
    NetworkPolicy policy = BASE.one(NetworkPolicy.class, "simebs-backend");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("simebs-system");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(workload("simebs-backend").labels());
    assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
    assertThat(policy.getSpec().getIngress())
        .filteredOn(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 7171))
        .singleElement().satisfies(rule -> {
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(7171));
      assertThat(rule.getFrom()).hasSize(4);
      for (String controller : List.of("simebs-controller", "simefs-controller")) {
        assertThat(peerFor(rule.getFrom(), controller).getNamespaceSelector())
            .as("%s: same namespace only", controller).isNull();
      }
      for (String node : List.of("simebs-node", "simefs-node")) {
        assertThat(peerFor(rule.getFrom(), node).getNamespaceSelector().getMatchLabels())
            .containsEntry("kubernetes.io/metadata.name", "simebs-node");
      }
    });
  }

  @Test
  void podSecurityIsRestrictedExceptWhereTheNodePluginRuns() {
    assertThat(BASE.one(Namespace.class, "simebs-system").getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(BASE.one(Namespace.class, "simebs-node").getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
    assertThat(BASE.all(DaemonSet.class)).extracting(d -> d.getMetadata().getNamespace()).containsOnly("simebs-node");
    assertThat(BASE.all(Deployment.class)).extracting(d -> d.getMetadata().getNamespace()).containsOnly("simebs-system");
    assertThat(BASE.all(StatefulSet.class)).extracting(d -> d.getMetadata().getNamespace()).containsOnly("simebs-system");
  }

  @Test
  void everyContainerButTheNodePluginIsLockedDown() {
    for (NamedPodSpec pod : BASE.podSpecs()) {
      for (Container container : pod.spec().getContainers()) {
        String name = pod.workload() + "/" + container.getName();
        SecurityContext sc = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
        if (PRIVILEGED.contains(name)) {
          assertThat(sc.getPrivileged()).as(name).isTrue();
          continue;
        }
        assertThat(sc.getPrivileged()).as(name).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getAllowPrivilegeEscalation()).as(name + " allowPrivilegeEscalation").isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).as(name + " readOnlyRootFilesystem").isTrue();
        assertThat(sc.getCapabilities().getDrop()).as(name + " drops capabilities").containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).as(name).isNullOrEmpty();
      }
    }
  }

  @Test
  void restrictedPodsRunAsNonRootWithTheRuntimeSeccompProfile() {
    for (String workload : List.of("simebs-controller", "simebs-backend", "simefs-controller")) {
      PodSecurityContext pod = workload(workload).spec().getSecurityContext();
      assertThat(pod.getRunAsNonRoot()).as(workload).isTrue();
      assertThat(pod.getRunAsUser()).as(workload).isPositive();
      assertThat(pod.getSeccompProfile().getType()).as(workload).isEqualTo("RuntimeDefault");
      for (Container container : workload(workload).spec().getContainers()) {
        Optional.ofNullable(container.getSecurityContext()).map(SecurityContext::getRunAsUser)
            .ifPresent(uid -> assertThat(uid).as(workload + "/" + container.getName()).isPositive());
      }
    }
  }

  @Test
  void controllerRunsTwoReplicasWithLeaderElectionAndADisruptionBudget() {
    Deployment controller = BASE.one(Deployment.class, "simebs-controller");
    assertThat(controller.getSpec().getReplicas()).isEqualTo(2);
    NamedPodSpec pod = workload("simebs-controller");
    List<Container> sidecars = pod.spec().getContainers().stream()
        .filter(c -> !Set.of("simebs", "liveness-probe").contains(c.getName()))
        .toList();
    assertThat(sidecars).extracting(Container::getName)
        .containsExactlyInAnyOrder("csi-provisioner", "csi-attacher", "csi-resizer", "csi-snapshotter");
    assertThat(sidecars).allSatisfy(c -> assertThat(c.getArgs()).as(c.getName()).contains("--leader-election"));
    assertThat(pod.spec().getContainers()).allSatisfy(c ->
        assertThat(c.getArgs()).as(c.getName() + ": the Topology gate was removed").noneMatch(a -> a.contains("Topology")));
    assertThat(Manifests.flag(pod.container("csi-provisioner"), "--capacity-ownerref-level"))
        .as("pod -> ReplicaSet -> Deployment").contains("2");

    PodDisruptionBudget budget = BASE.one(PodDisruptionBudget.class, "simebs-controller");
    assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(pod.labels());
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void nodePluginToleratesTheStartupTaintAndRunsOnlyWhereTheVolumeStoreIs() {
    NamedPodSpec node = workload("simebs-node");
    assertThat(node.spec().getTolerations()).anyMatch(DeployRulesTest::toleratesStartupTaint);
    List<NodeSelectorRequirement> required = node.spec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().getFirst().getMatchExpressions();
    assertThat(required).anySatisfy(r -> {
      assertThat(r.getKey()).isEqualTo("ebs.csi.simebs.dev/volume-store");
      assertThat(r.getOperator()).isEqualTo("In");
    });
    assertThat(node.spec().getVolumes()).filteredOn(v -> v.getName().equals("data-dir")).singleElement()
        .satisfies(v -> assertThat(v.getHostPath().getType()).as("never made where absent").isEqualTo("Directory"));
  }

  @Test
  void kindWorkersJoinTaintedAndLabelledForTheVolumeStore() throws IOException {
    Map<String, Object> cluster = Serialization.unmarshal(Files.readString(DEPLOY.resolve("kind/cluster.yaml")), Map.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> nodes = (List<Map<String, Object>>) cluster.get("nodes");
    List<Map<String, Object>> workers = nodes.stream().filter(n -> "worker".equals(n.get("role"))).toList();
    assertThat(workers).hasSize(2).allSatisfy(worker -> {
      assertThat(String.valueOf(worker.get("kubeadmConfigPatches"))).contains(StartupTaint.KEY);
      assertThat(worker.get("labels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("ebs.csi.simebs.dev/volume-store", "mounted");
    });
    Map<String, Object> controlPlane = nodes.stream().filter(n -> "control-plane".equals(n.get("role"))).findFirst().orElseThrow();
    assertThat(controlPlane.get("labels")).as("no node plugin on the control plane").isNull();
    assertThat(workers).filteredOn(w -> "true".equals(((Map<?, ?>) w.get("labels")).get("ebs.csi.simebs.dev/backend-host")))
        .hasSize(1);
  }

  @Test
  void backendIsOneReplicaPinnedToItsDatabaseByALocalVolume() {
    StatefulSet backend = BASE.one(StatefulSet.class, "simebs-backend");
    assertThat(backend.getSpec().getReplicas()).isEqualTo(1);
    String claimTemplate = backend.getSpec().getVolumeClaimTemplates().getFirst().getMetadata().getName();
    PersistentVolume data = BASE.one(PersistentVolume.class, "simebs-backend-data");
    assertThat(data.getSpec().getClaimRef().getName()).isEqualTo(claimTemplate + "-" + backend.getMetadata().getName() + "-0");
    assertThat(data.getSpec().getClaimRef().getNamespace()).isEqualTo(backend.getMetadata().getNamespace());
    assertThat(data.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
    assertThat(data.getSpec().getLocal().getPath())
        .isEqualTo(Manifests.flag(workload("simebs-node").container("simebs"), "--backend-data-dir").orElseThrow());
    assertThat(data.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()).isNotEmpty();
  }

  private static boolean toleratesStartupTaint(Toleration toleration) {
    return "Exists".equals(toleration.getOperator())
        && (toleration.getKey() == null || toleration.getKey().equals(StartupTaint.KEY));
  }

  private static NetworkPolicyPeer peerFor(List<NetworkPolicyPeer> peers, String workload) {
    Map<String, String> labels = workload(workload).labels();
    return peers.stream()
        .filter(p -> p.getPodSelector() != null && labels.equals(p.getPodSelector().getMatchLabels()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ingress peer selects " + workload));
  }

  private static NamedPodSpec workload(String name) {
    return BASE.workload(name);
  }
}
