package dev.simebs.bench.run;

import dev.simebs.common.grpc.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link FakeCsiDriver} as a process of its own, so tests can give the tool a real launch command:
 * {@code FakeCsiDriverProcess ENDPOINT DATA_DIR FAIL_EVERY_NTH_CREATE}. It serves until SIGTERM.
 */
public final class FakeCsiDriverProcess {

  private FakeCsiDriverProcess() {}

  public static void main(String[] args) throws Exception {
    Endpoint.Unix endpoint = (Endpoint.Unix) Endpoint.parse(args[0]);
    FakeCsiDriver driver =
        new FakeCsiDriver(endpoint.path(), Files.createDirectories(Path.of(args[1])), Integer.parseInt(args[2]));
    Runtime.getRuntime().addShutdownHook(new Thread(driver::close));
    Thread.currentThread().join();
  }

  /** A launch command for this class, on the test's own class path, for {@code --compare}. */
  public static String launchCommand(int failEveryNthCreate) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return String.join(
        " ",
        java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        FakeCsiDriverProcess.class.getName(), "{endpoint}", "{dir}/data", Integer.toString(failEveryNthCreate));
  }
}
