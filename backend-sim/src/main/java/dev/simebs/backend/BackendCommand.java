package dev.simebs.backend;

import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.api.SimulationFlags;
import dev.simebs.backend.filesystems.FileSystemOptions;
import dev.simebs.backend.server.BearerTokenAuth;
import dev.simebs.backend.server.SimulationFiles;
import dev.simebs.backend.server.credentials.CredentialStore;
import dev.simebs.backend.server.credentials.DirectoryCredentials;
import dev.simebs.backend.server.credentials.SecretCredentials;
import dev.simebs.backend.server.credentials.ServerCredentials;
import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.backend.zones.ZoneSpec;
import dev.simebs.common.cli.Closeables;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.GracePeriodOption;
import dev.simebs.common.cli.HttpEndpointOption;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.metrics.CallMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ServerInterceptor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
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

/**
 * {@code simebs backend}: serves backend-sim over TCP with TLS, guarded by a bearer token; the
 * admin API on its own port with its own token, only when asked for. Credentials are read from
 * a directory or a Kubernetes Secret, and made there on first start: none ships as a default.
 */
@Command(
    name = "backend",
    mixinStandardHelpOptions = true,
    description = "Serve backend-sim, the simulated block-storage cloud, over gRPC (TCP).")
public final class BackendCommand implements Callable<Integer> {

  /** The port the backend listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 7171;

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
      names = "--credentials-dir",
      description = "Directory of the backend's token, admin token, TLS certificate and key"
          + " (made there on first start). Drivers use its token and ca.crt files.")
  Path credentialsDir;

  @Option(
      names = "--credentials-secret",
      description = "In a cluster: NAMESPACE/NAME of the Secret holding the backend's"
          + " credentials (made on first start).")
  String credentialsSecret;

  @Option(
      names = "--client-secret",
      description = "In a cluster: NAMESPACE/NAME of a Secret to keep holding the drivers' token"
          + " and ca.crt; repeatable.")
  List<String> clientSecrets = new ArrayList<>();

  @Option(
      names = "--tls-name",
      description = "A DNS name or IP address the backend's certificate is made for; repeatable."
          + " localhost and 127.0.0.1 are always included.")
  List<String> tlsNames = new ArrayList<>();

  @Option(
      names = "--admin-listen",
      description = "host:port to serve the admin API on (simulation knobs, faults), with the"
          + " admin token. Off unless given.",
      converter = EndpointConverter.class)
  Endpoint adminListen;

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
      description = "Keep attachments of VOLUME_ID (to NODE_ID) attaching, and their unforced"
          + " detaches detaching (EC2: busy): VOLUME_ID[@NODE_ID]; repeatable.")
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
          + " and sim-b=102400, or none with --zones-from-nodes.")
  List<String> zones = new ArrayList<>();

  @Option(
      names = "--zones-from-nodes",
      description = "Accept the zone each node registers in (as its Kubernetes Node is"
          + " labelled), adding zones the backend does not know.")
  boolean zonesFromNodes;

  @Option(
      names = "--attachment-limit",
      description = "Attachments per node unless the node registers its own. Default: ${DEFAULT-VALUE}",
      defaultValue = "" + BackendConfig.DEFAULT_ATTACHMENT_LIMIT)
  int attachmentLimit;

  @Mixin HttpEndpointOption http;

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
    Endpoint.Tcp tcp = tcp("--listen", listen);
    Optional<Endpoint.Tcp> admin = Optional.ofNullable(adminListen).map(a -> tcp("--admin-listen", a));
    ServerCredentials credentials;
    try (CredentialSource source = credentialSource()) {
      credentials = source.store().loadOrCreate(certificateNames());
    }

    PrometheusRegistry registry = new PrometheusRegistry();
    ServerInterceptor calls = new CallMetrics(registry).of(CallMetrics.BACKEND);
    BackendSim sim = BackendSim.open(backendConfig(), registry);
    Deque<AutoCloseable> running = new ArrayDeque<>();
    running.push(sim);
    try {
      GrpcServer server = serve(tcp, sim.driverServices(), credentials, credentials.token(), calls);
      running.push(server);
      if (admin.isPresent()) {
        GrpcServer adminServer =
            serve(admin.get(), sim.adminServices(), credentials, credentials.adminToken(), calls);
        running.push(adminServer);
        System.out.printf("simebs backend admin API on %s:%d (TLS, admin token required)%n",
            admin.get().host(), adminServer.port());
      }
      for (BackendFrontEnd frontEnd : frontEnds) {
        frontEnd.start(sim, dataDir.toAbsolutePath()).ifPresent(running::push);
      }
      http.start(registry, sim::ready).ifPresent(endpoint -> {
        running.push(endpoint);
        System.out.printf("simebs backend metrics on http://%s:%d/metrics%n",
            endpoint.address().getHostString(), endpoint.address().getPort());
      });
      System.err.printf("simebs backend: %s%n", sim.volumeStore());
      sim.defaultFileSystem().ifPresent(fs -> System.out.printf(
          "default file system %s (creation token %s)%n", fs.getFileSystemId(),
          fs.getCreationToken()));
      // Tests and scripts wait for this line, printed last; keep its shape.
      System.out.printf("simebs backend serving on %s:%d (data in %s, TLS, token required)%n",
          tcp.host(), server.port(), dataDir.toAbsolutePath());
      System.out.flush();
    } catch (IOException | RuntimeException e) {
      Closeables.closeAll(running);
      throw e;
    }
    ShutdownSignal.awaitThenClose(() -> Closeables.closeAll(running));
    return 0;
  }

  private GrpcServer serve(Endpoint.Tcp at, List<io.grpc.BindableService> services,
      ServerCredentials credentials, String token, ServerInterceptor calls) throws IOException {
    List<ServerInterceptor> interceptors = List.of(new CallLogger(), calls, new BearerTokenAuth(token));
    return GrpcServer.startTls(at, credentials.certificatePem(), credentials.privateKeyPem(),
        services, interceptors, grace.gracePeriod());
  }

  /** Where credentials come from; a backend without any refuses to start, saying how to give them. */
  CredentialSource credentialSource() {
    if (credentialsDir != null && credentialsSecret != null) {
      throw new IllegalArgumentException("give --credentials-dir or --credentials-secret, not both");
    }
    if (credentialsDir != null) {
      return new CredentialSource(new DirectoryCredentials(credentialsDir), Optional.empty());
    }
    if (credentialsSecret != null) {
      KubernetesClient client = new KubernetesClientBuilder().build();
      return new CredentialSource(new SecretCredentials(client,
          SecretCredentials.SecretName.parse(credentialsSecret),
          clientSecrets.stream().map(SecretCredentials.SecretName::parse).toList()),
          Optional.of(client));
    }
    throw new IllegalArgumentException("the backend serves only with a token and TLS: give"
        + " --credentials-dir DIR (made there on first start) or, in a cluster,"
        + " --credentials-secret NAMESPACE/NAME");
  }

  /** A credential store and the client it needs, closed once the credentials are read. */
  record CredentialSource(CredentialStore store, Optional<KubernetesClient> client)
      implements AutoCloseable {
    @Override
    public void close() {
      client.ifPresent(KubernetesClient::close);
    }
  }

  private List<String> certificateNames() {
    List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1"));
    tlsNames.stream().filter(n -> !names.contains(n)).forEach(names::add);
    return names;
  }

  private static Endpoint.Tcp tcp(String flag, Endpoint endpoint) {
    if (endpoint instanceof Endpoint.Tcp tcp) {
      return tcp;
    }
    throw new IllegalArgumentException(flag + " must be host:port, got " + endpoint);
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
    List<ZoneSpec> zoneSpecs = !zones.isEmpty()
        ? zones.stream().map(ZoneSpec::parse).toList()
        : zonesFromNodes ? List.of() : BackendConfig.DEFAULT_ZONES;
    return new BackendConfig(dataDir, volumeStore, allowEmptyDatabase, zoneSpecs,
        attachmentLimit, simulation.build(), Clock.systemUTC(), fileSystems.settings(),
        zonesFromNodes);
  }
}
