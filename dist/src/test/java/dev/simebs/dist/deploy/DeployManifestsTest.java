package dev.simebs.dist.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.common.DriverInfo;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.dist.deploy.Manifests.NamedPodSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.VolumeAttributesClass;
import dev.simebs.dist.deploy.SnapshotKinds.VolumeSnapshotClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Kubernetes manifests parse, render, and agree with each other and with the driver. */
class DeployManifestsTest {

  private static final Path DEPLOY = Manifests.deployDir();
  private static final Path BASE = DEPLOY.resolve("kubernetes/base");
  private static final Manifests BASE_OBJECTS = Manifests.fromFiles(Manifests.yamlFiles(BASE));
  private static final Set<String> CLUSTER_SCOPED = Set.of(
      "Namespace", "ClusterRole", "ClusterRoleBinding", "CSIDriver", "StorageClass",
      "VolumeSnapshotClass", "VolumeAttributesClass", "PersistentVolume");
  private static final Pattern PINNED_SIDECAR =
      Pattern.compile("registry\\.k8s\\.io/sig-storage/[a-z-]+:v\\d+\\.\\d+\\.\\d+");

  /** A permission a sidecar needs: API group, resource, verbs. */
  record Needed(String apiGroup, String resource, Set<String> verbs) {}

  /** What each controller sidecar calls, from its documented RBAC needs. */
  private static final Map<String, List<Needed>> SIDECAR_NEEDS =
      Map.of(
          "csi-provisioner",
          List.of(
              new Needed("", "persistentvolumes", Set.of("get", "list", "watch", "create", "delete")),
              new Needed("", "persistentvolumeclaims", Set.of("get", "list", "watch", "update")),
              new Needed("storage.k8s.io", "storageclasses", Set.of("get", "list", "watch")),
              new Needed("storage.k8s.io", "csinodes", Set.of("get", "list", "watch")),
              new Needed("", "nodes", Set.of("get", "list", "watch")),
              new Needed("", "events", Set.of("create", "patch")),
              new Needed("snapshot.storage.k8s.io", "volumesnapshots", Set.of("get", "list")),
              new Needed("snapshot.storage.k8s.io", "volumesnapshotcontents", Set.of("get", "list")),
              new Needed(
                  "storage.k8s.io",
                  "csistoragecapacities",
                  Set.of("get", "list", "watch", "create", "update", "delete")),
              new Needed("apps", "replicasets", Set.of("get")),
              new Needed("apps", "deployments", Set.of("get")),
              new Needed("", "pods", Set.of("get")),
              new Needed("coordination.k8s.io", "leases", Set.of("get", "create", "update"))),
          "csi-attacher",
          List.of(
              new Needed("", "persistentvolumes", Set.of("get", "list", "watch", "patch")),
              new Needed("storage.k8s.io", "volumeattachments", Set.of("get", "list", "watch", "patch")),
              new Needed("storage.k8s.io", "volumeattachments/status", Set.of("patch")),
              new Needed("storage.k8s.io", "csinodes", Set.of("get", "list", "watch")),
              new Needed("coordination.k8s.io", "leases", Set.of("get", "create", "update"))),
          "csi-resizer",
          List.of(
              new Needed("", "persistentvolumes", Set.of("get", "list", "watch", "patch")),
              new Needed("", "persistentvolumeclaims", Set.of("get", "list", "watch")),
              new Needed("", "persistentvolumeclaims/status", Set.of("patch")),
              new Needed("", "pods", Set.of("list", "watch")),
              new Needed("", "events", Set.of("create", "patch")),
              new Needed("storage.k8s.io", "volumeattributesclasses", Set.of("get", "list", "watch")),
              new Needed("coordination.k8s.io", "leases", Set.of("get", "create", "update"))),
          "csi-snapshotter",
          List.of(
              new Needed("snapshot.storage.k8s.io", "volumesnapshotclasses", Set.of("get", "list", "watch")),
              new Needed(
                  "snapshot.storage.k8s.io",
                  "volumesnapshotcontents",
                  Set.of("get", "list", "watch", "update", "patch")),
              new Needed("snapshot.storage.k8s.io", "volumesnapshotcontents/status", Set.of("update", "patch")),
              new Needed("", "events", Set.of("create", "patch")),
              new Needed("coordination.k8s.io", "leases", Set.of("get", "create", "update"))));

  @Test
  void everyYamlUnderDeployParsesIntoTypedObjects() {
    List<Path> files = Manifests.yamlFiles(DEPLOY.resolve("kubernetes"));
    assertThat(files).hasSizeGreaterThan(10);
    for (Path file : files) {
      List<HasMetadata> objects = Manifests.fromFiles(List.of(file)).all();
      assertThat(objects).as(file.toString()).isNotEmpty();
      assertThat(objects)
          .as("%s: every object has a typed fabric8 model", file)
          .noneMatch(GenericKubernetesResource.class::isInstance);
    }
  }

  @Test
  void csiDriverIsDeclaredAsTheDriverNeedsIt() {
    CSIDriver driver = BASE_OBJECTS.one(CSIDriver.class, DriverInfo.DRIVER_NAME);

    assertThat(driver.getSpec().getAttachRequired()).isTrue();
    // kubelet sends csi.storage.k8s.io/ephemeral only with pod info: inline volumes need it.
    assertThat(driver.getSpec().getPodInfoOnMount()).isTrue();
    assertThat(driver.getSpec().getFsGroupPolicy()).isEqualTo("File");
    assertThat(driver.getSpec().getStorageCapacity()).isTrue();
    assertThat(driver.getSpec().getVolumeLifecycleModes()).containsExactlyInAnyOrder("Persistent", "Ephemeral");
  }

  @Test
  void everyClassNamesOurDriver() {
    Manifests everything = Manifests.fromFiles(Manifests.yamlFiles(DEPLOY.resolve("kubernetes")));
    assertThat(everything.all(StorageClass.class))
        .isNotEmpty()
        .allSatisfy(sc -> assertThat(sc.getProvisioner()).isIn(DriverInfo.DRIVER_NAME, EfsDriverInfo.DRIVER_NAME));
    assertThat(everything.all(VolumeSnapshotClass.class))
        .isNotEmpty()
        .allSatisfy(vsc -> assertThat(vsc.getDriver()).isEqualTo(DriverInfo.DRIVER_NAME));
    assertThat(everything.all(VolumeAttributesClass.class))
        .isNotEmpty()
        .allSatisfy(vac -> assertThat(vac.getDriverName()).isEqualTo(DriverInfo.DRIVER_NAME));
    assertThat(everything.all(PersistentVolume.class))
        .filteredOn(pv -> pv.getSpec().getCsi() != null)
        .isNotEmpty()
        .allSatisfy(pv -> assertThat(pv.getSpec().getCsi().getDriver()).isIn(DriverInfo.DRIVER_NAME, EfsDriverInfo.DRIVER_NAME));
  }

  @Test
  void defaultClassIsGp3WaitingForFirstConsumerAndExpandable() {
    StorageClass gp3 = BASE_OBJECTS.one(StorageClass.class, "simebs-gp3");

    assertThat(gp3.getMetadata().getAnnotations())
        .containsEntry("storageclass.kubernetes.io/is-default-class", "true");
    assertThat(gp3.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    assertThat(gp3.getAllowVolumeExpansion()).isTrue();
    assertThat(gp3.getParameters()).containsEntry("type", "gp3");
    assertThat(BASE_OBJECTS.one(StorageClass.class, "simebs-io2-block").getParameters())
        .containsEntry("type", "io2")
        .containsEntry("multiAttach", "true");
  }

  @Test
  void everySidecarTalksToTheSocketOurContainerServes() {
    for (NamedPodSpec pod : BASE_OBJECTS.podSpecs()) {
      if (pod.findContainer("simebs").isEmpty() || pod.workload().equals("simebs-backend")) {
        continue;
      }
      Container ours = pod.container("simebs");
      String endpoint = Manifests.flag(ours, "--endpoint").orElseThrow();
      assertThat(endpoint).startsWith("unix://");
      Path served = Path.of(endpoint.substring("unix://".length()));
      String servedVolume = volumeAt(pod.workload(), ours, served.getParent());

      List<Container> sidecars =
          pod.spec().getContainers().stream().filter(c -> !c.getName().equals("simebs")).toList();
      assertThat(sidecars).as(pod.workload()).isNotEmpty();
      for (Container sidecar : sidecars) {
        Path address = Path.of(Manifests.flag(sidecar, "--csi-address").orElseThrow(
            () -> new AssertionError(pod.workload() + "/" + sidecar.getName() + " has no --csi-address")));
        assertThat(address.getFileName()).as(sidecar.getName()).isEqualTo(served.getFileName());
        assertThat(volumeAt(pod.workload(), sidecar, address.getParent()))
            .as("%s/%s mounts the socket volume", pod.workload(), sidecar.getName())
            .isEqualTo(servedVolume);
      }
    }
  }

  @Test
  void registrarTellsKubeletWhereTheNodeSocketIsOnTheHost() {
    NamedPodSpec node = nodePod();
    String registration =
        Manifests.flag(node.container("node-driver-registrar"), "--kubelet-registration-path").orElseThrow();
    Path hostSocket = Path.of(registration);
    assertThat(hostSocket).isEqualTo(Path.of("/var/lib/kubelet/plugins", DriverInfo.DRIVER_NAME, "csi.sock"));

    String pluginVolume = volumeAt("simebs-node", node.container("simebs"), Path.of("/csi"));
    assertThat(node.spec().getVolumes())
        .filteredOn(v -> v.getName().equals(pluginVolume))
        .singleElement()
        .satisfies(v -> assertThat(Path.of(v.getHostPath().getPath())).isEqualTo(hostSocket.getParent()));
  }

  @Test
  void nodePluginIsPrivilegedWithBidirectionalKubeletMount() {
    Container ours = nodePod().container("simebs");

    assertThat(ours.getSecurityContext().getPrivileged()).isTrue();
    assertThat(ours.getVolumeMounts())
        .filteredOn(m -> m.getMountPath().equals("/var/lib/kubelet"))
        .singleElement()
        .extracting(VolumeMount::getMountPropagation)
        .isEqualTo("Bidirectional");
    assertThat(Manifests.flag(ours, "--node-id")).contains("$(NODE_NAME)");
  }

  @Test
  void rbacCoversEveryVerbEachSidecarUses() {
    List<PolicyRule> granted = rulesBoundTo("simebs-controller");
    NamedPodSpec controller =
        BASE_OBJECTS.podSpecs().stream().filter(p -> p.workload().equals("simebs-controller")).findFirst().orElseThrow();
    for (Map.Entry<String, List<Needed>> sidecar : SIDECAR_NEEDS.entrySet()) {
      controller.container(sidecar.getKey());
      for (Needed needed : sidecar.getValue()) {
        assertThat(covers(granted, needed)).as("%s needs %s", sidecar.getKey(), needed).isTrue();
      }
    }
    List<PolicyRule> node = rulesBoundTo("simebs-node");
    assertThat(covers(node, new Needed("", "nodes", Set.of("get", "patch")))).isTrue();
    assertThat(covers(node, new Needed("storage.k8s.io", "csinodes", Set.of("get", "list", "watch")))).isTrue();
  }

  @Test
  void imagesAreConsistentAndSidecarsPinned() {
    List<Container> containers =
        BASE_OBJECTS.podSpecs().stream().flatMap(p -> p.spec().getContainers().stream()).toList();
    assertThat(containers)
        .filteredOn(c -> c.getName().equals("simebs") || c.getName().equals("backend"))
        .extracting(Container::getImage)
        .containsOnly("simebs");
    assertThat(containers)
        .filteredOn(c -> !c.getImage().equals("simebs"))
        .allSatisfy(c -> assertThat(c.getImage()).matches(PINNED_SIDECAR));
    Map<String, List<String>> tagsBySidecar =
        containers.stream()
            .filter(c -> !c.getImage().equals("simebs"))
            .collect(java.util.stream.Collectors.groupingBy(
                c -> c.getImage().substring(0, c.getImage().indexOf(':')),
                java.util.stream.Collectors.mapping(Container::getImage, java.util.stream.Collectors.toList())));
    tagsBySidecar.forEach((image, tags) -> assertThat(Set.copyOf(tags)).as(image).hasSize(1));
  }

  @Test
  void driverProcessesReachTheBackendServiceByANameItsCertificateCarries() {
    Service backend = BASE_OBJECTS.one(Service.class, "simebs-backend");
    int port = backend.getSpec().getPorts().getFirst().getPort();
    Container server = backendPod().container("backend");
    List<String> certificateNames = Manifests.flags(server, "--tls-name");
    for (NamedPodSpec pod : List.of(controllerPod(), nodePod())) {
      Container ours = pod.container("simebs");
      String address = Manifests.flag(ours, "--backend").orElseThrow();
      assertThat(address).endsWith(":" + port);
      assertThat(certificateNames).contains(address.substring(0, address.lastIndexOf(':')));
      assertThat(Manifests.flag(ours, "--backend-token-file")).isPresent();
      assertThat(Manifests.flag(ours, "--backend-ca-file")).isPresent();
    }
    assertThat(Manifests.flag(server, "--listen")).contains("0.0.0.0:" + port);
  }

  @Test
  void kustomizationRendersWithKubectl() throws IOException, InterruptedException {
    assumeTrue(onPath("kubectl"), "kubectl is not installed; the kustomization is not rendered");
    for (String dir : List.of(
        "kubernetes/base", "kubernetes/overlays/kind", "kubernetes/overlays/kind-vac",
        "kubernetes/overlays/kind-efs", "kubernetes/overlays/shared-nfs")) {
      Manifests objects = Manifests.fromYaml(render(dir));
      assertThat(objects.all()).noneMatch(GenericKubernetesResource.class::isInstance);
      assertThat(objects.all())
          .filteredOn(o -> !CLUSTER_SCOPED.contains(o.getKind()))
          .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
              .isIn("simebs-system", "simebs-node"));
      assertThat(objects.all()).as("no Secret ships; the backend makes its own").noneMatch(Secret.class::isInstance);
      // storage.k8s.io/v1 VolumeAttributesClass exists from 1.34 only; the base installs on 1.28+.
      assertThat(objects.all(VolumeAttributesClass.class)).as(dir).hasSize(dir.endsWith("kind-vac") ? 1 : 0);
    }
  }

  @Test
  void sharedNfsOverlayPutsTheBackendAndEveryNodeOnTheSameExport() throws IOException, InterruptedException {
    assumeTrue(onPath("kubectl"), "kubectl is not installed; the kustomization is not rendered");
    Manifests objects = Manifests.fromYaml(render("kubernetes/overlays/shared-nfs"));
    PersistentVolume data = objects.one(PersistentVolume.class, "simebs-backend-data");
    assertThat(data.getSpec().getLocal()).isNull();
    assertThat(data.getSpec().getNodeAffinity()).as("the export is reachable from any node").isNull();
    var nodeData = objects.workload("simebs-node").spec().getVolumes().stream()
        .filter(v -> v.getName().equals("data-dir")).findFirst().orElseThrow();
    assertThat(nodeData.getNfs().getServer()).isEqualTo(data.getSpec().getNfs().getServer());
    assertThat(nodeData.getNfs().getPath()).isEqualTo(data.getSpec().getNfs().getPath());
  }

  private static String render(String dir) throws IOException, InterruptedException {
    Process kubectl =
        new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve(dir).toString()).redirectErrorStream(true).start();
    String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(rendered).isZero();
    return rendered;
  }

  private static NamedPodSpec nodePod() {
    return workload("simebs-node");
  }

  private static NamedPodSpec controllerPod() {
    return workload("simebs-controller");
  }

  private static NamedPodSpec backendPod() {
    return workload("simebs-backend");
  }

  private static NamedPodSpec workload(String name) {
    return BASE_OBJECTS.workload(name);
  }

  /** The volume a container mounts at {@code dir}. */
  private static String volumeAt(String workload, Container container, Path dir) {
    return container.getVolumeMounts().stream()
        .filter(m -> Path.of(m.getMountPath()).equals(dir))
        .map(VolumeMount::getName)
        .findFirst()
        .orElseThrow(() -> new AssertionError(workload + "/" + container.getName() + " mounts nothing at " + dir));
  }

  private static List<PolicyRule> rulesBoundTo(String serviceAccount) {
    List<PolicyRule> rules = new ArrayList<>();
    for (ClusterRoleBinding binding : BASE_OBJECTS.all(ClusterRoleBinding.class)) {
      if (binding.getSubjects().stream().anyMatch(s -> s.getName().equals(serviceAccount))) {
        rules.addAll(BASE_OBJECTS.one(ClusterRole.class, binding.getRoleRef().getName()).getRules());
      }
    }
    for (RoleBinding binding : BASE_OBJECTS.all(RoleBinding.class)) {
      if (binding.getSubjects().stream().anyMatch(s -> s.getName().equals(serviceAccount))) {
        rules.addAll(BASE_OBJECTS.one(Role.class, binding.getRoleRef().getName()).getRules());
      }
    }
    return rules;
  }

  private static boolean covers(List<PolicyRule> rules, Needed needed) {
    for (String verb : needed.verbs()) {
      boolean granted =
          rules.stream()
              .anyMatch(
                  r ->
                      r.getApiGroups().contains(needed.apiGroup())
                          && r.getResources().contains(needed.resource())
                          && r.getVerbs().contains(verb));
      if (!granted) {
        return false;
      }
    }
    return true;
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }
}
