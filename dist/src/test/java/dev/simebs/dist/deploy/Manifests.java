package dev.simebs.dist.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the deploy/ manifests into fabric8's typed objects, and finds things in them. */
final class Manifests {

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  /** The repository's deploy/ directory, found from the module's working directory. */
  static Path deployDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/kubernetes above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("deploy");
  }

  /** Every Kubernetes YAML file under {@code dir}, kustomizations excluded. */
  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Manifests fromFiles(List<Path> files) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path file : files) {
      try {
        objects.addAll(parse(Files.readString(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Manifests(objects);
  }

  static Manifests fromYaml(String yaml) {
    return new Manifests(parse(yaml));
  }

  /** Each YAML document as the typed object its apiVersion and kind name. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> parsed = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        parsed.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return parsed;
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
  }

  /** Pod templates of every workload, by workload name. */
  List<NamedPodSpec> podSpecs() {
    List<NamedPodSpec> specs = new ArrayList<>();
    all(Deployment.class).forEach(d -> specs.add(named(d, d.getSpec().getTemplate())));
    all(StatefulSet.class).forEach(s -> specs.add(named(s, s.getSpec().getTemplate())));
    all(DaemonSet.class).forEach(d -> specs.add(named(d, d.getSpec().getTemplate())));
    return specs;
  }

  /** The pod template of the workload named {@code name}. */
  NamedPodSpec workload(String name) {
    return podSpecs().stream()
        .filter(p -> p.workload().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workload " + name));
  }

  private static NamedPodSpec named(HasMetadata workload, PodTemplateSpec template) {
    return new NamedPodSpec(
        workload.getMetadata().getName(), template.getMetadata().getLabels(), template.getSpec());
  }

  record NamedPodSpec(String workload, Map<String, String> labels, PodSpec spec) {
    Container container(String name) {
      return spec.getContainers().stream()
          .filter(c -> c.getName().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError(workload + " has no container " + name));
    }

    Optional<Container> findContainer(String name) {
      return spec.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst();
    }
  }

  /** Every value of a repeated {@code --flag=value} in a container's args. */
  static List<String> flags(Container container, String flag) {
    String prefix = flag + "=";
    return container.getArgs().stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .toList();
  }

  /** The value of {@code --flag=value} in a container's args. */
  static Optional<String> flag(Container container, String flag) {
    String prefix = flag + "=";
    return container.getArgs().stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .findFirst();
  }
}
