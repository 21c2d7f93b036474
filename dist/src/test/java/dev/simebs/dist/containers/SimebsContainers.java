package dev.simebs.dist.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.PropagationMode;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.ClientCredentials;
import dev.simebs.common.grpc.Endpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The SimEBS image run the way Kubernetes runs it, for container tests: every container on the
 * host network, seeing the test's directory at the same path (as every node sees the backend's
 * volume store); the backend and controller as the image's non-root user, each node privileged
 * as root with the host's /dev and its own kubelet directory, whose mounts propagate to the host
 * (Bidirectional in the DaemonSet) so they outlive a restarted node container.
 *
 * <p>Needs a Docker API (podman's here, see scripts/podman-api.sh) and the image named by
 * SIMEBS_IMAGE (scripts/build-images.sh); {@link #open} skips the test, saying which is missing.
 */
final class SimebsContainers implements AutoCloseable {

  static final String NON_ROOT = "65532:65532";

  final Path root;
  final Path data;
  final Path credentials;
  final Path sockets;
  final int backendPort;
  final int adminPort;
  private final DockerImageName image;
  private final List<Path> sharedKubeletDirs = new ArrayList<>();
  /** Volumes a test made, so their loop devices can be freed even when it fails midway. */
  final Set<String> createdVolumes = ConcurrentHashMap.newKeySet();

  private SimebsContainers(DockerImageName image, Path root) throws IOException {
    this.image = image;
    this.root = root;
    this.data = Files.createDirectories(root.resolve("data"));
    this.credentials = Files.createDirectories(root.resolve("credentials"));
    this.sockets = Files.createDirectories(root.resolve("csi"));
    this.backendPort = freePort();
    this.adminPort = freePort();
    for (Path dir : List.of(data, credentials, sockets)) {
      chown(dir, NON_ROOT);
    }
  }

  /** Skips the calling test unless an image and a Docker API are there. */
  static SimebsContainers open() throws IOException {
    String image = System.getenv("SIMEBS_IMAGE");
    assumeTrue(image != null, "SIMEBS_IMAGE is not set (scripts/build-images.sh builds the image)");
    assumeTrue(dockerApiAvailable(), "no Docker API is reachable (see scripts/podman-api.sh)");
    assumeTrue("root".equals(System.getProperty("user.name")), "node containers need root (loop devices)");
    Path root = Files.createTempDirectory(Path.of("/tmp"), "simebs-ct-");
    Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return new SimebsContainers(DockerImageName.parse(image), root);
  }

  /** The backend, TLS on {@link #backendPort}, admin API on {@link #adminPort}, credentials made on first start. */
  GenericContainer<?> backend(String... extraArgs) {
    List<String> command = new ArrayList<>(List.of(
        "backend",
        "--listen=127.0.0.1:" + backendPort,
        "--admin-listen=127.0.0.1:" + adminPort,
        "--data-dir=" + data,
        "--credentials-dir=" + credentials));
    command.addAll(List.of(extraArgs));
    return container("backend", NON_ROOT).withCommand(command.toArray(String[]::new));
  }

  GenericContainer<?> controller() {
    return container("controller", NON_ROOT).withCommand(
        "controller",
        "--endpoint=unix://" + sockets.resolve("controller.sock"),
        "--backend=127.0.0.1:" + backendPort,
        "--backend-token-file=" + credentials.resolve("token"),
        "--backend-ca-file=" + credentials.resolve("ca.crt"));
  }

  /** A node plugin with its own ID, zone and kubelet directory. */
  GenericContainer<?> node(String nodeId, String zone) throws IOException {
    List<String> command = new ArrayList<>(nodeCommand(nodeId));
    command.add("--zone=" + zone);
    return nodeContainer(nodeId).withCommand(command.toArray(String[]::new));
  }

  /** A node plugin that learns its zone from the cluster, as in a DaemonSet. */
  GenericContainer<?> nodeInCluster(String nodeId) throws IOException {
    return nodeContainer(nodeId).withCommand(nodeCommand(nodeId).toArray(String[]::new));
  }

  private List<String> nodeCommand(String nodeId) {
    return List.of(
        "node",
        "--endpoint=unix://" + nodeSocket(nodeId),
        "--node-id=" + nodeId,
        "--backend=127.0.0.1:" + backendPort,
        "--backend-token-file=" + credentials.resolve("token"),
        "--backend-ca-file=" + credentials.resolve("ca.crt"),
        "--kubelet-dir=" + kubeletDir(nodeId),
        "--backend-data-dir=" + data);
  }

  private GenericContainer<?> nodeContainer(String nodeId) throws IOException {
    Path kubelet = kubeletDir(nodeId);
    if (!sharedKubeletDirs.contains(kubelet)) {
      Files.createDirectories(kubelet);
      // A shared mount of its own, so the node's mounts propagate out as Bidirectional does.
      run("mount", "--bind", kubelet.toString(), kubelet.toString());
      sharedKubeletDirs.add(kubelet);
      run("mount", "--make-shared", kubelet.toString());
    }
    // Not the whole test directory: its recursive bind would carry a second, shadowed copy of
    // the kubelet directory's mounts, which no kubelet host has.
    return plainContainer("node-" + nodeId, "0:0")
        .withFileSystemBind(data.toString(), data.toString(), BindMode.READ_WRITE)
        .withFileSystemBind(credentials.toString(), credentials.toString(), BindMode.READ_ONLY)
        .withFileSystemBind(sockets.toString(), sockets.toString(), BindMode.READ_WRITE)
        .withPrivilegedMode(true)
        .withFileSystemBind("/dev", "/dev", BindMode.READ_WRITE)
        .withCreateContainerCmdModifier(cmd -> {
          List<Bind> binds = new ArrayList<>(List.of(cmd.getHostConfig().getBinds()));
          binds.add(new Bind(kubelet.toString(), new Volume(kubelet.toString()), AccessMode.rw,
              SELContext.none, null, PropagationMode.SHARED));
          cmd.getHostConfig().withBinds(binds);
        });
  }

  Path kubeletDir(String nodeId) {
    return root.resolve("kubelet-" + nodeId);
  }

  Path nodeSocket(String nodeId) {
    return sockets.resolve("node-" + nodeId + ".sock");
  }

  Path controllerSocket() {
    return sockets.resolve("controller.sock");
  }

  /** A TLS connection to the backend as a driver makes it. */
  BackendConnection backendConnection() {
    return BackendConnection.remote(new Endpoint.Tcp("127.0.0.1", backendPort),
        ClientCredentials.read(credentials.resolve("token"), credentials.resolve("ca.crt")));
  }

  /** A TLS connection to the admin port, presenting the token in {@code credentials/tokenItem}. */
  BackendConnection adminConnection(String tokenItem) {
    return BackendConnection.remote(new Endpoint.Tcp("127.0.0.1", adminPort),
        ClientCredentials.read(credentials.resolve(tokenItem), credentials.resolve("ca.crt")));
  }

  /** A container of the image seeing the whole test directory. */
  GenericContainer<?> container(String role, String user) {
    return plainContainer(role, user).withFileSystemBind(root.toString(), root.toString(), BindMode.READ_WRITE);
  }

  /** As the manifests run it: a read-only root file system, a writable /tmp. */
  private GenericContainer<?> plainContainer(String role, String user) {
    return new GenericContainer<>(image)
        .withImagePullPolicy(name -> false)
        .withNetworkMode("host")
        .withLabel("dev.simebs.test-role", role)
        .withTmpFs(Map.of("/tmp", "rw,size=64m"))
        .withCreateContainerCmdModifier(cmd -> {
          cmd.withUser(user);
          cmd.getHostConfig().withReadonlyRootfs(true);
        })
        // podman 4.3 sometimes fails a start with "write child: broken pipe" under load
        .withStartupAttempts(3)
        .waitingFor(Wait.forLogMessage(".*serving (gRPC )?on.*", 1).withStartupTimeout(Duration.ofSeconds(90)));
  }

  static String exec(GenericContainer<?> container, String... command) throws IOException, InterruptedException {
    ExecResult result = container.execInContainer(command);
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
    return result.getStdout();
  }

  /**
   * Unmounts what the nodes left under the test's kubelet directories and the directories' own
   * shared binds, frees loop devices over the test's volumes, and deletes the test's directory.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    for (Path kubelet : sharedKubeletDirs) {
      new ProcessBuilder("umount", "-R", "-l", kubelet.toString()).inheritIO().start().waitFor();
    }
    detachLeftoverLoopDevices();
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** A node container stopped mid-test leaves its loop devices bound; free the test's own. */
  private void detachLeftoverLoopDevices() throws IOException, InterruptedException {
    try (var devices = Files.list(Path.of("/sys/block"))) {
      for (Path device : devices.filter(d -> d.getFileName().toString().startsWith("loop")).toList()) {
        Path backing = device.resolve("loop/backing_file");
        if (Files.exists(backing)) {
          String file = Files.readString(backing).strip();
          if (file.startsWith(data.toString()) && createdVolumes.stream().anyMatch(file::contains)) {
            new ProcessBuilder("losetup", "-d", "/dev/" + device.getFileName()).inheritIO().start().waitFor();
          }
        }
      }
    }
  }

  private static void chown(Path path, String owner) throws IOException {
    run("chown", owner, path.toString());
  }

  private static void run(String... command) throws IOException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean dockerApiAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
