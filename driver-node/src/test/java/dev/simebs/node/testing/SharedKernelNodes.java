package dev.simebs.node.testing;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.Attachment;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.server.BearerTokenAuth;
import dev.simebs.backend.server.credentials.ServerCredentials;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.ClientCredentials;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several node plugins on one machine, as kind runs its workers: each {@link NodeProcess} has its
 * own node ID and mount namespace, and all share the kernel, {@code /dev}, {@code /sys/block}, one
 * backend-sim (served over TCP from this JVM) and its data directory. Needs root, loop devices and
 * util-linux's unshare and nsenter ({@code HostRequirements.assumeMountNamespaces}).
 *
 * <p>{@link #close()} stops every node, lets their namespaces go (their mounts go with them) and
 * detaches every loop device still bound over a file in the data directory: the devices are
 * global, so they would outlive the test.
 */
public final class SharedKernelNodes implements AutoCloseable {

  private final Path root;
  private final Path dataDir;
  private final Path tokenFile;
  private final Path caFile;
  private final BackendSim backendSim;
  private final GrpcServer backendServer;
  private final BackendConnection connection;
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();

  private SharedKernelNodes(
      Path root,
      Path dataDir,
      Path tokenFile,
      Path caFile,
      BackendSim backendSim,
      GrpcServer backendServer) {
    this.root = root;
    this.dataDir = dataDir;
    this.tokenFile = tokenFile;
    this.caFile = caFile;
    this.backendSim = backendSim;
    this.backendServer = backendServer;
    this.connection =
        BackendConnection.remote(
            new Endpoint.Tcp("127.0.0.1", backendServer.port()),
            ClientCredentials.read(tokenFile, caFile));
  }

  /**
   * A backend with its data under {@code root}/data, served as the standalone one is (TLS and a
   * token, whose files the nodes are given), and no nodes yet.
   */
  public static SharedKernelNodes create(Path root) throws IOException {
    Path dataDir = root.resolve("data");
    ServerCredentials credentials = ServerCredentials.generate(List.of("127.0.0.1"));
    Path tokenFile = Files.writeString(root.resolve("backend-token"), credentials.token());
    Path caFile = Files.writeString(root.resolve("backend-ca.crt"), credentials.certificatePem());
    BackendSim sim = BackendSim.open(BackendConfig.defaults(dataDir));
    try {
      GrpcServer server =
          GrpcServer.startTls(
              new Endpoint.Tcp("127.0.0.1", 0),
              credentials.certificatePem(),
              credentials.privateKeyPem(),
              sim.services(),
              List.of(new BearerTokenAuth(credentials.token())),
              Duration.ofSeconds(5));
      return new SharedKernelNodes(root, dataDir, tokenFile, caFile, sim, server);
    } catch (IOException | RuntimeException e) {
      sim.close();
      throw e;
    }
  }

  /** Starts node {@code nodeId} in {@code root}/{@code nodeId}. */
  public NodeProcess startNode(String nodeId) throws IOException, InterruptedException {
    return startNode(nodeId, Map.of());
  }

  /** Starts node {@code nodeId} with {@code env} added to its environment. */
  public NodeProcess startNode(String nodeId, Map<String, String> env)
      throws IOException, InterruptedException {
    NodeProcess node =
        NodeProcess.start(
            nodeId,
            root.resolve(nodeId),
            new NodeProcess.Backend("127.0.0.1:" + backendServer.port(), tokenFile, caFile),
            dataDir,
            env);
    nodes.put(nodeId, node);
    return node;
  }

  public BackendGrpc.BackendBlockingStub backend() {
    return connection.backend();
  }

  public BackendConnection connection() {
    return connection;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A volume created in zone sim-a and attached to {@code nodeId}, as the controller would. */
  public Attachment createAndAttach(String nodeId, long sizeGib) {
    return CloudVolumes.createAndAttach(backend(), nodeId, sizeGib);
  }

  /** The loop devices bound over {@code volumeId}'s file, whichever node bound them. */
  public List<LoopDevice> loopDevicesOf(String volumeId) throws IOException {
    Path file = dataDir.resolve("volumes").resolve(volumeId + ".img").toRealPath();
    return new LoopDevices(new LinuxSystem())
        .bound().stream().filter(d -> d.backingFile().equals(file)).toList();
  }

  @Override
  public void close() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (NodeProcess node : nodes.values()) {
      try {
        node.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    try {
      LoopDetacher.detachAllUnder(dataDir);
    } catch (IOException e) {
      failures.add(e);
    }
    connection.close();
    backendServer.close();
    backendSim.close();
    if (!failures.isEmpty()) {
      Exception first = failures.getFirst();
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }
}
