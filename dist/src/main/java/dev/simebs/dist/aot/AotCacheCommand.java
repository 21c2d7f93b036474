package dev.simebs.dist.aot;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simebs aot-cache --output FILE}: the training run of {@link AotTraining}, with this
 * process's own JVM and options. {@code ./simebs} runs it on the first start of the all-in-one, and
 * the container image at build time. When it fails it leaves {@code FILE.failed} saying why, so a
 * launcher does not retry on every start.
 */
@Command(
    name = "aot-cache",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Make the all-in-one's ahead-of-time cache by a training run of its real workload.")
public final class AotCacheCommand implements Callable<Integer> {

  @Option(names = "--output", required = true, description = "Where the cache goes.")
  Path output;

  @Override
  public Integer call() throws Exception {
    Path out = output.toAbsolutePath();
    Path failed = out.resolveSibling(out.getFileName() + ".failed");
    Files.deleteIfExists(failed);
    System.err.println("simebs: first start of this build: training the all-in-one's start-up cache (once)");
    long start = System.nanoTime();
    try {
      new AotTraining(javaLauncher(), ownJvmOptions(), System.getProperty("java.class.path"), AotTraining.WORKLOAD, System.err)
          .makeCache(out);
    } catch (Exception e) {
      Files.writeString(failed, e.getMessage() + System.lineSeparator());
      System.err.printf("simebs: no start-up cache (%s); starting without it%n", e.getMessage());
      return 1;
    }
    System.err.printf(
        "simebs: start-up cache %s (%d MiB) made in %.1f s%n",
        out, Files.size(out) >> 20, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private static String javaLauncher() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** This JVM's options, without any class-data archive or cache option of its own. */
  static List<String> ownJvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(o -> !o.startsWith("-XX:AOT") && !o.startsWith("-XX:SharedArchiveFile")
            && !o.equals("-XX:+AutoCreateSharedArchive") && !o.startsWith("-XX:ArchiveClassesAtExit")
            && !o.startsWith("-Xshare") && !o.startsWith("-Xlog"))
        .toList();
  }
}
