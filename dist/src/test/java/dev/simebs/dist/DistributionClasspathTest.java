package dev.simebs.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.dist.aot.AotCacheCommand;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attribute;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every class our code can reach from the launcher is on the distribution's class path (the
 * jars Maven ships in {@code dist/target/simebs/lib} and the image) or in the Java runtime the
 * image's jlink makes. This is what failed when fabric8 was test-scoped in dist/pom.xml: the
 * node crash-looped with NoClassDefFoundError in a cluster, while every test passed on the test
 * class path, which is a superset.
 *
 * <p>The walk reads class files (the JDK's class-file API): from {@link SimEbs}, through every
 * {@code dev.simebs} class it references, transitively; every class those reference elsewhere
 * must be found. Libraries' own optional references are theirs to guard and are not followed.
 */
class DistributionClasspathTest {

  private static final Path RUNTIME_CLASSPATH = Path.of("target/runtime-classpath.txt");
  private static final Path ALL_IN_ONE_CLASSPATH = Path.of("target/all-in-one-classpath.txt");
  private static final Path DIST_CLASSES = Path.of("target/classes");
  private static final String OURS = "dev/simebs/";

  private static Map<String, byte[]> shipped;
  private static Set<String> runtimePackages;

  @BeforeAll
  static void readTheDistribution() throws IOException {
    assertThat(RUNTIME_CLASSPATH)
        .as("maven-dependency-plugin's build-classpath writes it before the tests")
        .exists();
    shipped = new HashMap<>();
    readClasses(DIST_CLASSES, shipped);
    for (String entry : classPathEntries(RUNTIME_CLASSPATH)) {
      readClasses(Path.of(entry), shipped);
    }
    runtimePackages = packagesOf(jlinkModules());
  }

  @Test
  void everyClassTheSubcommandsReachIsShipped() throws IOException {
    Walk walk = walk(List.of(SimEbs.class), shipped, Set.of());
    assertThat(walk.seen()).as("the walk reached the subcommands").contains(
        "dev/simebs/node/NodeCommand",
        "dev/simebs/controller/ControllerCommand",
        "dev/simebs/backend/BackendCommand",
        "dev/simebs/bench/BenchCommand");
    assertThat(walk.missing()).as("classes missing from the distribution or the jlink runtime").isEmpty();
  }

  /**
   * ./simebs runs the all-in-one and its cache's training with fewer jars (dist/pom.xml's
   * all-in-one-classpath): what they can reach must be among them. SimEbs names every subcommand,
   * so those classes are loaded, but only these two are ever run.
   */
  @Test
  void everyClassTheAllInOneReachesIsOnItsClassPath() throws IOException {
    assertThat(ALL_IN_ONE_CLASSPATH).as("written by the all-in-one-classpath-for-tests execution").exists();
    Map<String, byte[]> onItsClassPath = new HashMap<>();
    readClasses(DIST_CLASSES, onItsClassPath);
    for (String entry : classPathEntries(ALL_IN_ONE_CLASSPATH)) {
      readClasses(Path.of(entry), onItsClassPath);
    }
    List<Class<?>> run = List.of(SimEbs.class, AllInOneCommand.class, AotCacheCommand.class);
    Set<String> loadedNotRun = new HashSet<>();
    SimEbs.subcommands().stream().filter(c -> !run.contains(c)).forEach(c -> loadedNotRun.add(internalName(c)));

    Walk walk = walk(run, onItsClassPath, loadedNotRun);

    assertThat(walk.seen()).as("the walk reached the all-in-one's parts").contains(
        "dev/simebs/backend/BackendSim", "dev/simebs/node/NodePlugin", "dev/simebs/dist/aot/AotTraining");
    assertThat(walk.missing()).as("classes the all-in-one can reach, missing from its class path").isEmpty();
    assertThat(onItsClassPath).as("the Kubernetes client stays off it").doesNotContainKey("io/fabric8/kubernetes/client/Config");
  }

  private record Walk(Set<String> seen, Set<String> missing) {}

  /**
   * From the roots through every class of ours they reference, transitively, except into
   * {@code leaves} (which need only be there); every class found elsewhere must be in
   * {@code classes} or the runtime.
   */
  private static Walk walk(List<Class<?>> roots, Map<String, byte[]> classes, Set<String> leaves) {
    Set<String> missing = new TreeSet<>();
    Set<String> seen = new HashSet<>();
    Deque<String> toVisit = new ArrayDeque<>(roots.stream().map(DistributionClasspathTest::internalName).toList());
    while (!toVisit.isEmpty()) {
      String name = toVisit.pop();
      if (!seen.add(name)) {
        continue;
      }
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        missing.add(name.replace('/', '.') + " (one of ours)");
        continue;
      }
      if (leaves.contains(name)) {
        continue;
      }
      for (String referenced : referencedClasses(ClassFile.of().parse(bytes))) {
        if (referenced.startsWith(OURS)) {
          toVisit.push(referenced);
        } else if (!classes.containsKey(referenced) && !inRuntime(referenced)) {
          missing.add(referenced.replace('/', '.') + " (referenced by " + name.replace('/', '.') + ")");
        }
      }
    }
    return new Walk(seen, missing);
  }

  private static List<String> classPathEntries(Path file) throws IOException {
    return Arrays.stream(Files.readString(file).strip().split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .toList();
  }

  @Test
  void theNodesKubernetesClientIsShipped() {
    // The exact class the node crash-looped on in a real cluster.
    assertThat(shipped).containsKey("io/fabric8/kubernetes/client/Config");
    assertThat(shipped).containsKey("io/fabric8/kubernetes/client/KubernetesClientBuilder");
  }

  private static boolean inRuntime(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash > 0 && runtimePackages.contains(internalName.substring(0, slash).replace('/', '.'));
  }

  /**
   * Every class a class names: constant-pool class entries and member references, its own
   * fields' and methods' types, and class values in annotations (picocli finds subcommands and
   * mixins through those).
   */
  private static Set<String> referencedClasses(ClassModel model) {
    Set<String> names = new HashSet<>();
    for (var entry : model.constantPool()) {
      switch (entry) {
        case ClassEntry c -> addClass(names, c.asSymbol());
        case MemberRefEntry m -> addDescriptor(names, m.nameAndType().type().stringValue());
        default -> {}
      }
    }
    addAnnotations(names, model.attributes());
    for (FieldModel field : model.fields()) {
      addClass(names, field.fieldTypeSymbol());
      addAnnotations(names, field.attributes());
    }
    for (MethodModel method : model.methods()) {
      addDescriptor(names, method.methodType().stringValue());
      addAnnotations(names, method.attributes());
    }
    return names;
  }

  private static void addAnnotations(Set<String> names, List<Attribute<?>> attributes) {
    for (Attribute<?> attribute : attributes) {
      if (attribute instanceof RuntimeVisibleAnnotationsAttribute annotations) {
        for (Annotation annotation : annotations.annotations()) {
          addClass(names, annotation.classSymbol());
          annotation.elements().forEach(e -> addAnnotationValue(names, e.value()));
        }
      }
    }
  }

  private static void addAnnotationValue(Set<String> names, AnnotationValue value) {
    switch (value) {
      case AnnotationValue.OfClass c -> addClass(names, c.classSymbol());
      case AnnotationValue.OfArray a -> a.values().forEach(v -> addAnnotationValue(names, v));
      case AnnotationValue.OfAnnotation nested -> {
        addClass(names, nested.annotation().classSymbol());
        nested.annotation().elements().forEach(e -> addAnnotationValue(names, e.value()));
      }
      default -> {}
    }
  }

  private static void addDescriptor(Set<String> names, String descriptor) {
    if (descriptor.startsWith("(")) {
      MethodTypeDesc method = MethodTypeDesc.ofDescriptor(descriptor);
      addClass(names, method.returnType());
      method.parameterList().forEach(p -> addClass(names, p));
    } else {
      addClass(names, ClassDesc.ofDescriptor(descriptor));
    }
  }

  private static void addClass(Set<String> names, ClassDesc desc) {
    ClassDesc type = desc;
    while (type.isArray()) {
      type = type.componentType();
    }
    if (type.isClassOrInterface()) {
      String descriptor = type.descriptorString();
      names.add(descriptor.substring(1, descriptor.length() - 1));
    }
  }

  private static void readClasses(Path entry, Map<String, byte[]> into) throws IOException {
    if (Files.isDirectory(entry)) {
      try (Stream<Path> files = Files.walk(entry)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          String relative = entry.relativize(file).toString();
          into.putIfAbsent(relative.substring(0, relative.length() - ".class".length()), Files.readAllBytes(file));
        }
      }
      return;
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      for (var e : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        String name = e.getName();
        if (name.startsWith("META-INF/versions/")) {
          // Multi-release: META-INF/versions/N/a/b/C.class is a/b/C for a newer runtime.
          name = name.substring(name.indexOf('/', "META-INF/versions/".length()) + 1);
        }
        try (InputStream in = jar.getInputStream(e)) {
          into.putIfAbsent(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
        }
      }
    }
  }

  /** The modules scripts/build-images.sh puts in the image's Java runtime. */
  private static List<String> jlinkModules() throws IOException {
    Path script = repositoryRoot().resolve("scripts/build-images.sh");
    Matcher m = Pattern.compile("(?m)^modules=\"([^\"]+)\"").matcher(Files.readString(script));
    assertThat(m.find()).as("%s names its jlink modules on a modules=\"...\" line", script).isTrue();
    return Arrays.asList(m.group(1).split(","));
  }

  private static Set<String> packagesOf(List<String> modules) {
    Set<String> packages = new HashSet<>();
    ModuleFinder system = ModuleFinder.ofSystem();
    for (String module : modules) {
      Optional<ModuleReference> reference = system.find(module);
      assertThat(reference).as("jlink module %s exists in this JDK", module).isPresent();
      packages.addAll(reference.get().descriptor().packages());
    }
    return packages;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("scripts/build-images.sh"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root above the working directory").isNotNull();
    return dir;
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }
}
