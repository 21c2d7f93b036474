package dev.simebs.dist.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.bench.scenario.ScenarioKind;
import dev.simebs.dist.SimEbs;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run against a real all-in-one in a child JVM, and the cache it makes in use. */
class AotTrainingTest {

  @TempDir Path dir;

  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void theTrainingMakesACacheTheDriverCanStartFrom() throws Exception {
    List<String> options = launcherOptions();
    String classPath = distributionClassPath();
    Path cache = dir.resolve("simebs.aot");

    new AotTraining(
            JAVA, options, classPath,
            List.of(new AotTraining.Step(ScenarioKind.provision, 8), new AotTraining.Step(ScenarioKind.attach, 4)),
            System.err)
        .makeCache(cache);

    assertThat(cache).isRegularFile();
    assertThat(dir.resolve("simebs.aot.partial")).doesNotExist();
    // With AOTMode=on the JVM refuses to start from a cache it cannot use.
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(options);
    command.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-cp", classPath, SimEbs.class.getName(), "--version"));
    Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as(output).isZero();
    assertThat(output).contains("ebs.csi.simebs.dev");
  }

  @Test
  void theTrainedDriverGetsTheLaunchersOptionsAndWritesTheCacheItIsGiven() {
    AotTraining training = new AotTraining("/jdk/bin/java", List.of("-Xmx128m"), "/lib/a.jar", AotTraining.WORKLOAD, System.err);

    List<String> command = training.driverCommand(Path.of("/w"), Path.of("/out/x.aot.partial"));

    assertThat(command)
        .startsWith("/jdk/bin/java", "-Xmx128m", "-XX:AOTCacheOutput=/out/x.aot.partial", "-cp", "/lib/a.jar", SimEbs.class.getName(), "all-in-one")
        .containsSequence("--endpoint", "unix:///w/csi.sock")
        .containsSequence("--data-dir", "/w/data");
  }

  /** The options ./simebs gives every process (lines of its java argument file). */
  private static List<String> launcherOptions() throws IOException {
    return Files.readAllLines(Path.of("src/main/launcher/jvm.options")).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /**
   * The class path as the distribution has it: jars only, for an AOT cache cannot hold classes
   * from a directory. This module's own classes are packed into a jar of their own.
   */
  private String distributionClassPath() throws IOException {
    String testPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> jars =
        new ArrayList<>(Arrays.stream(testPath.split(File.pathSeparator)).filter(e -> e.endsWith(".jar")).toList());
    Path ownClasses = Path.of(SimEbs.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    if (Files.isDirectory(ownClasses)) {
      jars.add(jar(ownClasses, dir.resolve("simebs-dist.jar")).toString());
    }
    return String.join(File.pathSeparator, jars);
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
        zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return jar;
  }
}
