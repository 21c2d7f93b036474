package dev.simebs.dist.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.server.SimulationFiles;
import dev.simebs.backend.simulation.Simulation;
import dev.simebs.controller.parameters.VolumeParameters;
import dev.simebs.dist.deploy.Manifests.NamedPodSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option a platform team toggles is a kustomize component under
 * deploy/kubernetes/components; each is rendered on the base with {@code kubectl kustomize} (as
 * an overlay that lists it would be) and what it adds is checked.
 */
class DeployComponentsTest {

  private static final Path KUBERNETES = Manifests.deployDir().resolve("kubernetes");
  private static final Map<String, Integer> METRICS_PORTS =
      Map.of("simebs-controller", 3301, "simebs-node", 3302, "simebs-backend", 3303);

  @TempDir static Path overlays;

  @BeforeAll
  static void needsKubectl() {
    assumeTrue(onPath("kubectl"), "kubectl is not installed; the components are not rendered");
  }

  @Test
  void everyComponentRendersOnTheBaseAloneAndAllTogether() throws Exception {
    List<String> components;
    try (Stream<Path> dirs = Files.list(KUBERNETES.resolve("components"))) {
      components = dirs.map(d -> d.getFileName().toString()).sorted().toList();
    }
    assertThat(components).contains(
        "metrics", "controller-ha", "health-monitor", "efs", "extra-zones", "simulation-profile", "storage-classes",
        "admin-api", "volume-attributes-classes");
    for (String component : components) {
      assertThat(render(component).all()).as(component).isNotEmpty();
    }
    assertThat(render(components.toArray(String[]::new)).all()).isNotEmpty();
  }

  @Test
  void theBaseServesMetricsFromEveryComponentBehindAnAnnotatedService() throws Exception {
    Manifests base = render();
    METRICS_PORTS.forEach((workload, port) -> {
      NamedPodSpec pod = base.workload(workload);
      Container ours = pod.spec().getContainers().getFirst();
      assertThat(Manifests.flag(ours, "--http-endpoint")).as(workload).contains("0.0.0.0:" + port);
      assertThat(ours.getPorts()).as(workload)
          .anySatisfy(p -> assertThat(List.of(p.getName(), p.getContainerPort())).containsExactly("metrics", port));
      Service service = base.one(Service.class, workload + "-metrics");
      assertThat(pod.labels()).containsAllEntriesOf(service.getSpec().getSelector());
      assertThat(service.getSpec().getPorts()).singleElement()
          .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("metrics"));
      assertThat(service.getMetadata().getAnnotations())
          .containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/port", String.valueOf(port))
          .containsEntry("prometheus.io/path", "/metrics");
    });
    assertThat(base.one(NetworkPolicy.class, "simebs-backend").getSpec().getIngress())
        .as("scrapers reach the backend's metrics port and nothing else new")
        .anySatisfy(rule -> {
          assertThat(rule.getFrom()).isNullOrEmpty();
          assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(3303));
        });
  }

  @Test
  void metricsAddsAServiceMonitorForEachMetricsService() throws Exception {
    Manifests rendered = render("metrics");
    List<ServiceMonitor> monitors = rendered.all(ServiceMonitor.class);
    assertThat(monitors).hasSize(3);
    for (Service service : rendered.all(Service.class).stream().filter(s -> s.getMetadata().getName().endsWith("-metrics")).toList()) {
      assertThat(monitors).as(service.getMetadata().getName()).anySatisfy(monitor -> {
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo(service.getMetadata().getNamespace());
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().selector().matchLabels());
        assertThat(monitor.getSpec().endpoints()).extracting(ServiceMonitor.Endpoint::port).containsExactly("metrics");
      });
    }
  }

  @Test
  void controllerHaRunsThreeReplicasSpreadOverZonesAndKeepsTwo() throws Exception {
    Manifests rendered = render("controller-ha");
    Deployment controller = rendered.one(Deployment.class, "simebs-controller");
    assertThat(controller.getSpec().getReplicas()).isEqualTo(3);
    var pod = controller.getSpec().getTemplate().getSpec();
    assertThat(pod.getTopologySpreadConstraints()).singleElement()
        .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
    assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement().satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class, "simebs-controller");
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
    assertThat(budget.getSpec().getMaxUnavailable()).isNull();
  }

  @Test
  void healthMonitorWatchesThroughTheControllersSocketWithItsOwnRights() throws Exception {
    Manifests rendered = render("health-monitor");
    NamedPodSpec controller = rendered.workload("simebs-controller");
    Container monitor = controller.container("csi-external-health-monitor-controller");
    assertThat(monitor.getImage()).startsWith("registry.k8s.io/sig-storage/csi-external-health-monitor-controller:v");
    assertThat(monitor.getArgs()).contains("--csi-address=/csi/csi.sock", "--leader-election");
    assertThat(monitor.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo("socket-dir");
      assertThat(m.getMountPath()).isEqualTo("/csi");
    });
    assertLockedDown(controller.workload(), monitor);

    ClusterRoleBinding binding = rendered.one(ClusterRoleBinding.class, "simebs-health-monitor");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo(controller.spec().getServiceAccountName());
      assertThat(s.getNamespace()).isEqualTo("simebs-system");
    });
    ClusterRole role = rendered.one(ClusterRole.class, binding.getRoleRef().getName());
    assertThat(role.getRules()).anySatisfy(r -> assertThat(r.getResources()).contains("persistentvolumeclaims"));
    assertThat(role.getRules()).anySatisfy(r -> {
      assertThat(r.getResources()).contains("events");
      assertThat(r.getVerbs()).contains("create", "patch");
    });
  }

  @Test
  void extraZonesGiveTheBackendAThirdZoneAndAClassPinnedToIt() throws Exception {
    Manifests rendered = render("extra-zones");
    Container backend = rendered.workload("simebs-backend").spec().getContainers().getFirst();
    assertThat(Manifests.flags(backend, "--zone")).containsExactly("sim-a=10240", "sim-b=10240", "sim-c=10240");
    assertThat(backend.getArgs()).as("zones the nodes report are still taken").contains("--zones-from-nodes");
    StorageClass pinned = rendered.one(StorageClass.class, "simebs-gp3-sim-c");
    assertThat(pinned.getAllowedTopologies()).singleElement().satisfies(t ->
        assertThat(t.getMatchLabelExpressions()).singleElement().satisfies(e -> {
          assertThat(e.getKey()).isEqualTo("topology.ebs.csi.simebs.dev/zone");
          assertThat(e.getValues()).containsExactly("sim-c");
        }));
    assertAcceptedByTheController(pinned);
  }

  @Test
  void simulationProfileStartsTheBackendWithAConfigItAccepts() throws Exception {
    Manifests rendered = render("simulation-profile");
    NamedPodSpec backend = rendered.workload("simebs-backend");
    Container server = backend.spec().getContainers().getFirst();
    String file = Manifests.flag(server, "--config").orElseThrow();
    var mount = server.getVolumeMounts().stream()
        .filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
    var volume = backend.spec().getVolumes().stream()
        .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
    ConfigMap profile = rendered.one(ConfigMap.class, volume.getConfigMap().getName());
    String json = profile.getData().get(file.substring(mount.getMountPath().length() + 1));

    Path copy = Files.writeString(overlays.resolve("simulation.json"), json);
    SimulationConfig config = SimulationFiles.read(copy);
    assertThat(config.getLatenciesCount()).isPositive();
    assertThat(config.getThrottlesCount()).isPositive();
    assertThat(config.getFaultsCount()).isPositive();
    assertThatCode(() -> new Simulation(config, System::nanoTime, new Random())).doesNotThrowAnyException();
  }

  @Test
  void adminApiServesTheSimulationKnobsOnAPortOfTheirOwn() throws Exception {
    Container backend = render("admin-api").workload("simebs-backend").spec().getContainers().getFirst();

    assertThat(Manifests.flag(backend, "--admin-listen")).contains("0.0.0.0:7172");
    assertThat(backend.getPorts()).anySatisfy(p -> assertThat(List.of(p.getName(), p.getContainerPort())).containsExactly("admin", 7172));
    assertThat(Manifests.flag(backend, "--listen")).as("the driver's port is unchanged").contains("0.0.0.0:7171");
  }

  @Test
  void efsAddsTheSecondDriverBesideTheBlockDriver() throws Exception {
    Manifests rendered = render("efs");

    assertThat(rendered.all(CSIDriver.class))
        .extracting(d -> d.getMetadata().getName()).contains("ebs.csi.simebs.dev", "efs.csi.simebs.dev");
    assertThat(rendered.workload("simebs-backend").spec().getContainers().getFirst().getArgs())
        .contains("--default-file-system");
  }

  @Test
  void storageClassesAreEachAcceptedByTheController() throws Exception {
    List<StorageClass> classes = render("storage-classes").all(StorageClass.class);
    assertThat(classes).extracting(c -> c.getMetadata().getName())
        .contains("simebs-io2-fast", "simebs-st1", "simebs-sc1", "simebs-gp3-xfs", "simebs-gp3-encrypted", "simebs-gp3-immediate");
    assertThat(classes).filteredOn(c -> "true".equals(annotation(c, "storageclass.kubernetes.io/is-default-class")))
        .as("the base's default stays the only default").hasSize(1);
    classes.forEach(DeployComponentsTest::assertAcceptedByTheController);
  }

  private static void assertAcceptedByTheController(StorageClass storageClass) {
    assertThat(storageClass.getProvisioner()).isEqualTo("ebs.csi.simebs.dev");
    assertThatCode(() -> VolumeParameters.parse(storageClass.getParameters(), Map.of()))
        .as(storageClass.getMetadata().getName()).doesNotThrowAnyException();
  }

  private static void assertLockedDown(String workload, Container container) {
    SecurityContext sc = container.getSecurityContext();
    String name = workload + "/" + container.getName();
    assertThat(sc.getAllowPrivilegeEscalation()).as(name).isFalse();
    assertThat(sc.getReadOnlyRootFilesystem()).as(name).isTrue();
    assertThat(sc.getCapabilities().getDrop()).as(name).containsExactly("ALL");
  }

  /** The base with {@code components}, as an overlay listing them renders it. */
  private static Manifests render(String... components) throws IOException, InterruptedException {
    Path overlay = Files.createTempDirectory(overlays, "overlay");
    List<String> lines = new ArrayList<>(List.of(
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "resources:",
        "  - " + overlay.relativize(KUBERNETES.resolve("base"))));
    if (components.length > 0) {
      lines.add("components:");
      for (String component : components) {
        lines.add("  - " + overlay.relativize(KUBERNETES.resolve("components").resolve(component)));
      }
    }
    Files.write(overlay.resolve("kustomization.yaml"), lines);
    Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true).start();
    String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(rendered).isZero();
    return Manifests.fromYaml(rendered);
  }

  private static String annotation(StorageClass storageClass, String key) {
    Map<String, String> annotations = storageClass.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }
}
