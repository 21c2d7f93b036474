package dev.simebs.backend;

import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.filesystems.FileSystemOptions;
import dev.simebs.backend.server.BearerTokenAuth;
import dev.simebs.backend.server.SimulationFiles;
import dev.simebs.backend.api.SimulationFlags;
import dev.simebs.backend.zones.ZoneSpec;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.Closeables;
import dev.simebs.common.cli.GracePeriodOption;
import dev.simebs.common.cli.HttpEndpointOption;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.metrics.CallMetrics;
import io.grpc.ServerInterceptor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simebs backend}: serves backend-sim over TCP, guarded by a bearer token. */
@Command(
    name = "backend",
    mixinStandardHelpOptions = true,
    description = "Serve backend-sim, the simulated block-storage cloud, over gRPC (TCP).")
public final class BackendCommand implements Callable<Integer> {

  /** The port the backend listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 7171;
  /** The environment variable a token may come from when no --token-file is given. */
  public static final String TOKEN_ENV = "SIMEBS_BACKEND_TOKEN";

  @Mixin LoggingOptions logging;

  @Option(
      names = "--data-dir",
      description = "Volumes, snapshots and metadata live here. Default: ${DEFAULT-VALUE}",
      defaultValue = "${sys:user.home}/.simebs/backend")
  Path dataDir;

  @Option(
      names = "--listen",
      description = "host:port to serve on (port 0 picks a free one). Default: ${DEFAULT-VALUE}",
      defaultValue = "127.0.0.1:" + DEFAULT_PORT,
      converter = EndpointConverter.class)
  Endpoint listen;

  @Option(
      names = "--token-file",
      description = "File holding the bearer token every call must carry. Without it, the "
          + TOKEN_ENV + " environment variable; without both, no token is required.")
  Path tokenFile;

  @Option(
      names = "--config",
      description = "Simulation config (latency, throttles, faults, stuck attachments) as JSON.")
  Path config;

  @Option(
      names = "--latency",
      description = "Latency of an operation's transitional state, OPERATION=MS or"
          + " OPERATION=MIN..MAX, e.g. CreateVolume=200..800; repeatable.")
  List<String> latencies = new ArrayList<>();

  @Option(
      names = "--throttle",
      description = "Token bucket, OPERATION=REFILL_PER_SECOND/BURST, e.g. CreateVolume=5/10;"
          + " repeatable.")
  List<String> throttles = new ArrayList<>();

  @Option(
      names = "--fault",
      description = "Injected error, OPERATION=REASON:next=N or OPERATION=REASON:p=P, e.g."
          + " AttachVolume=ATTACHMENT_LIMIT_EXCEEDED:next=2; repeatable.")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--stuck-attachment",
      description = "Keep attachments of VOLUME_ID (to NODE_ID) attaching: VOLUME_ID[@NODE_ID];"
          + " repeatable.")
  List<String> stuckAttachments = new ArrayList<>();

  @Option(
      names = "--modification-cooldown",
      description = "Seconds a volume must wait after a modification before the next one.")
  Integer modificationCooldownSeconds;

  @Option(
      names = "--zone",
      description = "A zone as NAME=CAPACITY_GIB; repeat for several. Default: sim-a=102400"
          + " and sim-b=102400.")
  List<String> zones = new ArrayList<>();

  @Option(
      names = "--attachment-limit",
      description = "Attachments per node unless the node registers its own. Default: ${DEFAULT-VALUE}",
      defaultValue = "" + BackendConfig.DEFAULT_ATTACHMENT_LIMIT)
  int attachmentLimit;

  @Mixin HttpEndpointOption http;

  @Mixin GracePeriodOption grace;

  @Mixin FileSystemOptions fileSystems;

  private final List<BackendFrontEnd> frontEnds;

  public BackendCommand() {
    this(List.of());
  }

  /** A backend command that also serves {@code frontEnds} (each decides from its own options). */
  public BackendCommand(List<BackendFrontEnd> frontEnds) {
    this.frontEnds = List.copyOf(frontEnds);
  }

  @Override
  public Integer call() throws Exception {
    logging.apply();
    if (!(listen instanceof Endpoint.Tcp)) {
      throw new IllegalArgumentException("--listen must be host:port, got " + listen);
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    List<ServerInterceptor> interceptors = new ArrayList<>();
    interceptors.add(new CallLogger());
    interceptors.add(new CallMetrics(registry).of(CallMetrics.BACKEND));
    Optional<String> token = token();
    token.ifPresent(t -> interceptors.add(new BearerTokenAuth(t)));

    Deque<AutoCloseable> running = new ArrayDeque<>();
    BackendSim sim;
    GrpcServer server;
    try {
      sim = BackendSim.open(backendConfig(), registry);
      running.push(sim);
      server = GrpcServer.start(listen, sim.services(), interceptors, grace.gracePeriod());
      running.push(server);
      for (BackendFrontEnd frontEnd : frontEnds) {
        frontEnd.start(sim, dataDir.toAbsolutePath()).ifPresent(running::push);
      }
      http.start(registry, sim::ready).ifPresent(endpoint -> {
        running.push(endpoint);
        System.out.printf("simebs backend metrics on http://%s:%d/metrics%n",
            endpoint.address().getHostString(), endpoint.address().getPort());
      });
    } catch (IOException | RuntimeException e) {
      Closeables.closeAll(running);
      throw e;
    }
    Endpoint.Tcp tcp = (Endpoint.Tcp) listen;
    // Tests and scripts wait for this line; keep its shape.
    System.out.printf("simebs backend serving on %s:%d (data in %s, token %s)%n",
        tcp.host(), server.port(), dataDir.toAbsolutePath(),
        token.isPresent() ? "required" : "not required");
    sim.defaultFileSystem().ifPresent(fs -> System.out.printf(
        "default file system %s (creation token %s)%n", fs.getFileSystemId(),
        fs.getCreationToken()));
    System.out.flush();
    ShutdownSignal.awaitThenClose(() -> Closeables.closeAll(running));
    return 0;
  }

  BackendConfig backendConfig() throws IOException {
    SimulationConfig.Builder simulation = config == null
        ? SimulationConfig.newBuilder()
        : SimulationFiles.read(config).toBuilder();
    latencies.forEach(text -> simulation.addLatencies(SimulationFlags.latency(text)));
    throttles.forEach(text -> simulation.addThrottles(SimulationFlags.throttle(text)));
    faults.forEach(text -> simulation.addFaults(SimulationFlags.fault(text)));
    stuckAttachments.forEach(text -> simulation.addStuckAttachments(SimulationFlags.stuck(text)));
    if (modificationCooldownSeconds != null) {
      simulation.setModificationCooldownSeconds(modificationCooldownSeconds);
    }
    List<ZoneSpec> zoneSpecs = zones.isEmpty()
        ? BackendConfig.DEFAULT_ZONES
        : zones.stream().map(ZoneSpec::parse).toList();
    return new BackendConfig(dataDir, zoneSpecs, attachmentLimit, simulation.build(),
        Clock.systemUTC(), fileSystems.settings());
  }

  private Optional<String> token() throws IOException {
    if (tokenFile != null) {
      String token = Files.readString(tokenFile).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("--token-file " + tokenFile + " is empty");
      }
      return Optional.of(token);
    }
    String env = System.getenv(TOKEN_ENV);
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip());
  }
}
