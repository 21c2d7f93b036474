package dev.simebs.backend;

import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.filesystems.FileSystemOptions;
import dev.simebs.backend.quarantine.QuarantineCommand;
import dev.simebs.backend.server.BearerTokenAuth;
import dev.simebs.backend.server.SimulationFiles;
import dev.simebs.backend.server.SimulationFlags;
import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.backend.zones.ZoneSpec;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.GracePeriodOption;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import io.grpc.ServerInterceptor;
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
    description = "Serve backend-sim, the simulated block-storage cloud, over gRPC (TCP).",
    subcommands = QuarantineCommand.class)
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
      names = "--copy-rate",
      description = "MiB per second an extent copy (snapshot, restore, clone without reflink)"
          + " may move; 0 or unset: as fast as the disk.")
  Integer copyMibPerSecond;

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

  @Option(
      names = "--volume-store",
      description = "Where images live: AUTO (the data dir if it can reflink, else an xfs image"
          + " the backend makes and mounts when run as root, so snapshots are point-in-time;"
          + " else the data dir with extent copies), DATA_DIR (the data dir as it is),"
          + " REFLINK_IMAGE (the backend's own xfs image, or no start). Default: ${DEFAULT-VALUE}",
      defaultValue = "AUTO")
  VolumeStoreMode volumeStore;

  @Option(
      names = BackendSim.ALLOW_EMPTY_DATABASE_FLAG,
      description = "Start even when the database is empty but the data dir holds images (they"
          + " are quarantined, not deleted). Without it such a start is refused.")
  boolean allowEmptyDatabase;

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
    List<ServerInterceptor> interceptors = new ArrayList<>();
    interceptors.add(new CallLogger());
    Optional<String> token = token(tokenFile);
    token.ifPresent(t -> interceptors.add(new BearerTokenAuth(t)));

    BackendSim sim = BackendSim.open(backendConfig());
    Deque<AutoCloseable> running = new ArrayDeque<>();
    running.push(sim);
    GrpcServer server;
    try {
      server = GrpcServer.start(listen, sim.services(), interceptors, grace.gracePeriod());
      running.push(server);
      for (BackendFrontEnd frontEnd : frontEnds) {
        frontEnd.start(sim, dataDir.toAbsolutePath()).ifPresent(running::push);
      }
    } catch (IOException | RuntimeException e) {
      closeAll(running);
      throw e;
    }
    Endpoint.Tcp tcp = (Endpoint.Tcp) listen;
    // Tests and scripts wait for this line; keep its shape.
    System.err.printf("simebs backend: %s%n", sim.volumeStore());
    System.out.printf("simebs backend serving on %s:%d (data in %s, token %s)%n",
        tcp.host(), server.port(), dataDir.toAbsolutePath(),
        token.isPresent() ? "required" : "not required");
    sim.defaultFileSystem().ifPresent(fs -> System.out.printf(
        "default file system %s (creation token %s)%n", fs.getFileSystemId(),
        fs.getCreationToken()));
    System.out.flush();
    ShutdownSignal.awaitThenClose(() -> closeAll(running));
    return 0;
  }

  /** Closes what was started, newest first. */
  private static void closeAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("simebs backend: error while stopping: " + e);
      }
    }
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
    if (copyMibPerSecond != null) {
      simulation.setCopyMibPerSecond(copyMibPerSecond);
    }
    List<ZoneSpec> zoneSpecs = zones.isEmpty()
        ? BackendConfig.DEFAULT_ZONES
        : zones.stream().map(ZoneSpec::parse).toList();
    return new BackendConfig(dataDir, volumeStore, allowEmptyDatabase, zoneSpecs,
        attachmentLimit, simulation.build(), Clock.systemUTC(), fileSystems.settings());
  }

  /** The token in {@code tokenFile}, else in {@value #TOKEN_ENV}; none when neither is set. */
  public static Optional<String> token(Path tokenFile) throws IOException {
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
