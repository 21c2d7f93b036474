package dev.simebs.dist;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendFrontEnd;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.FileSystem;
import dev.simebs.backend.filesystems.FileSystemSettings;
import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.backend.zones.ZoneSpec;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.cli.Closeables;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.AdvertisedSpec;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.common.metrics.CallMetrics;
import dev.simebs.common.metrics.HttpEndpoint;
import dev.simebs.controller.ControllerConfig;
import dev.simebs.controller.ControllerPlugin;
import dev.simebs.controller.ControllerTelemetry;
import dev.simebs.controller.events.EventSink;
import dev.simebs.node.NodeConfig;
import dev.simebs.node.NodePlugin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The whole driver in one process: Identity, Controller and Node on one socket, with backend-sim
 * embedded and reached through gRPC's in-process transport; and the EFS driver, on a socket of
 * its own, over the same backend (with a default file system made at start). This is what csi-sanity, the
 * integration tests and a laptop user run.
 *
 * <p>It is a one-node cloud, so its backend has one zone, the node's: a volume created without
 * topology lands where the node can attach it, as csi-sanity expects.
 */
public final class AllInOne implements AutoCloseable {

  /**
   * What an all-in-one process needs to start.
   *
   * @param allowedRoots request paths must lie inside one of these (never inside or above the
   *     data directory)
   * @param advertised the newest CSI spec version whose capabilities are advertised
   * @param efsEndpoint where the EFS driver (efs.csi.simebs.dev) serves
   * @param httpEndpoint where to serve /metrics and /healthz; nowhere when empty
   * @param backendEndpoint where to serve the embedded cloud's API too (for {@code simebs cloud});
   *     in-process only when empty
   */
  public record Config(
      Endpoint endpoint,
      Path dataDir,
      VolumeStoreMode volumeStore,
      String nodeId,
      String zone,
      int maxVolumesPerNode,
      List<Path> allowedRoots,
      Duration gracePeriod,
      AdvertisedSpec advertised,
      Endpoint efsEndpoint,
      Optional<InetSocketAddress> httpEndpoint,
      Optional<Endpoint.Tcp> backendEndpoint) {

    /** With the EFS driver on a socket beside the block driver's, no metrics, no cloud API. */
    public Config(Endpoint endpoint, Path dataDir, VolumeStoreMode volumeStore, String nodeId,
        String zone, int maxVolumesPerNode, List<Path> allowedRoots, Duration gracePeriod,
        AdvertisedSpec advertised) {
      this(endpoint, dataDir, volumeStore, nodeId, zone, maxVolumesPerNode, allowedRoots,
          gracePeriod, advertised, EfsAllInOne.besideOf(endpoint), Optional.empty(),
          Optional.empty());
    }

    /**
     * One node in zone sim-a with the default attachment limit, taking request paths under the
     * temporary directories, advertising the default spec, and a volume store that makes
     * snapshots point-in-time wherever it can.
     */
    public static Config of(Endpoint endpoint, Path dataDir, String nodeId) {
      return new Config(
          endpoint,
          dataDir,
          VolumeStoreMode.AUTO,
          nodeId,
          AllInOneCommand.DEFAULT_ZONE,
          NodeConfig.DEFAULT_MAX_VOLUMES,
          NodeConfig.temporaryRoots(),
          Duration.ofSeconds(10),
          AdvertisedSpec.DEFAULT);
    }

    /** The same configuration, advertising the capabilities of {@code spec}. */
    public Config advertising(AdvertisedSpec spec) {
      return new Config(endpoint, dataDir, volumeStore, nodeId, zone, maxVolumesPerNode,
          allowedRoots, gracePeriod, spec, efsEndpoint, httpEndpoint, backendEndpoint);
    }

    /** The same configuration with the volume store made as {@code mode} says. */
    public Config withVolumeStore(VolumeStoreMode mode) {
      return new Config(endpoint, dataDir, mode, nodeId, zone, maxVolumesPerNode, allowedRoots,
          gracePeriod, advertised, efsEndpoint, httpEndpoint, backendEndpoint);
    }

    /** The same configuration, with the EFS driver serving at {@code endpoint}. */
    public Config withEfsEndpoint(Endpoint endpoint) {
      return new Config(this.endpoint, dataDir, volumeStore, nodeId, zone, maxVolumesPerNode,
          allowedRoots, gracePeriod, advertised, endpoint, httpEndpoint, backendEndpoint);
    }

    /** The same configuration, serving /metrics and /healthz at {@code address} (if any). */
    public Config servingHttpAt(Optional<InetSocketAddress> address) {
      return new Config(endpoint, dataDir, volumeStore, nodeId, zone, maxVolumesPerNode,
          allowedRoots, gracePeriod, advertised, efsEndpoint, address, backendEndpoint);
    }

    /** The same configuration, also serving the embedded cloud's API at {@code address} (if any). */
    public Config servingBackendAt(Optional<Endpoint.Tcp> address) {
      return new Config(endpoint, dataDir, volumeStore, nodeId, zone, maxVolumesPerNode,
          allowedRoots, gracePeriod, advertised, efsEndpoint, httpEndpoint, address);
    }
  }

  private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(30);

  /** What was started, closed in reverse order. */
  private final Deque<AutoCloseable> started;

  private final GrpcServer server;
  private final GrpcServer efsServer;
  private final Optional<String> defaultFileSystemId;
  private final Optional<GrpcServer> backendServer;
  private final Optional<HttpEndpoint> http;
  private final String volumeStore;

  private AllInOne(Deque<AutoCloseable> started, GrpcServer server, GrpcServer efsServer,
      Optional<String> defaultFileSystemId, Optional<GrpcServer> backendServer,
      Optional<HttpEndpoint> http, String volumeStore) {
    this.started = started;
    this.server = server;
    this.efsServer = efsServer;
    this.defaultFileSystemId = defaultFileSystemId;
    this.backendServer = backendServer;
    this.http = http;
    this.volumeStore = volumeStore;
  }

  public static AllInOne start(Config config) throws IOException, InterruptedException {
    return start(config, List.of());
  }

  /** Also serves {@code frontEnds} (the EC2 API) over the embedded backend. */
  public static AllInOne start(Config config, List<BackendFrontEnd> frontEnds)
      throws IOException, InterruptedException {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    // One registry: a scrape shows the controller's, the node's and the embedded cloud's series.
    PrometheusRegistry metrics = new PrometheusRegistry();
    CallMetrics calls = new CallMetrics(metrics);
    try {
      Path backendDir = config.dataDir().resolve("backend");
      BackendSim backend =
          BackendSim.open(
              BackendConfig.defaults(backendDir)
                  .withVolumeStore(config.volumeStore())
                  .withZones(
                      List.of(new ZoneSpec(config.zone(), BackendConfig.DEFAULT_ZONE_CAPACITY_GIB)))
                  .withDefaultAttachmentLimit(config.maxVolumesPerNode())
                  .withFileSystems(FileSystemSettings.defaults()
                      .withDefaultFileSystem(FileSystemSettings.DEFAULT_CREATION_TOKEN)),
              metrics);
      started.push(backend);
      for (BackendFrontEnd frontEnd : frontEnds) {
        frontEnd.start(backend, config.dataDir()).ifPresent(started::push);
      }
      BackendConnection connection = BackendConnection.inProcess(backend.services());
      started.push(connection);

      ControllerPlugin controller =
          new ControllerPlugin(
              connection.backend(),
              ControllerConfig.defaults().advertising(config.advertised()),
              new ControllerTelemetry(metrics, EventSink.none()));
      NodePlugin node =
          NodePlugin.start(
              NodeConfig.of(config.nodeId(), config.zone(), config.dataDir().resolve("node"))
                  .withAllowedRoots(config.allowedRoots())
                  .withBackendDataDir(backendDir)
                  .withProtectedDirectory(config.dataDir())
                  .withMaxVolumesPerNode(config.maxVolumesPerNode()),
              Optional.of(connection.backend()),
              config.httpEndpoint().map(address -> metrics));
      started.push(node);
      // The embedded backend is already up: wait the few milliseconds its registration takes, so
      // the first ControllerPublish finds the node.
      if (!node.registration().orElseThrow().awaitRegistered(REGISTRATION_TIMEOUT)) {
        throw new IllegalStateException("the node did not register with the embedded backend");
      }

      BooleanSupplier ready = () -> backend.ready() && controller.ready() && node.ready();
      IdentityService identity = new IdentityService(controller.pluginCapabilities(), ready);
      GrpcServer server =
          GrpcServer.start(
              config.endpoint(),
              List.of(identity, controller.service(), node.service()),
              List.of(new CallLogger(), calls.of(DriverInfo.DRIVER_NAME)),
              config.gracePeriod());
      started.push(server);
      GrpcServer efsServer = EfsAllInOne.start(config.efsEndpoint(), connection, backendDir,
          config.nodeId(), config.zone(), config.allowedRoots(), config.gracePeriod(), calls);
      started.push(efsServer);
      Optional<GrpcServer> backendServer = Optional.empty();
      if (config.backendEndpoint().isPresent()) {
        backendServer = Optional.of(GrpcServer.start(config.backendEndpoint().get(), backend.services(),
            List.of(new CallLogger(), calls.of(CallMetrics.BACKEND)), config.gracePeriod()));
        started.push(backendServer.get());
      }
      Optional<HttpEndpoint> http = Optional.empty();
      if (config.httpEndpoint().isPresent()) {
        http = Optional.of(HttpEndpoint.start(config.httpEndpoint().get(), metrics, ready));
        started.push(http.get());
      }
      return new AllInOne(started, server, efsServer,
          backend.defaultFileSystem().map(FileSystem::getFileSystemId), backendServer, http,
          backend.volumeStore());
    } catch (IOException | InterruptedException | RuntimeException e) {
      Closeables.closeAll(started);
      throw e;
    }
  }

  public Endpoint endpoint() {
    return server.endpoint();
  }

  /** Where the EFS driver serves. */
  public Endpoint efsEndpoint() {
    return efsServer.endpoint();
  }

  /** The file system made at start, for StorageClasses to name. */
  public Optional<String> defaultFileSystemId() {
    return defaultFileSystemId;
  }

  /** Where the embedded cloud's API is served over TCP, when it is. */
  public Optional<Endpoint.Tcp> backendEndpoint() {
    return backendServer.map(s -> new Endpoint.Tcp(((Endpoint.Tcp) s.endpoint()).host(), s.port()));
  }

  /** Which volume store the embedded backend uses, and whether snapshots are point-in-time. */
  public String volumeStore() {
    return volumeStore;
  }

  /** Where /metrics and /healthz are served, when they are. */
  public Optional<InetSocketAddress> httpAddress() {
    return http.map(HttpEndpoint::address);
  }

  @Override
  public void close() {
    Closeables.closeAll(started);
  }
}
