package dev.simebs.node;

import csi.v1.PluginCapability;
import dev.simebs.common.DriverInfo;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.ClientCredentials;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.GracePeriodOption;
import dev.simebs.common.cli.HttpEndpointOption;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.common.identity.PluginCapabilities;
import dev.simebs.common.metrics.CallMetrics;
import dev.simebs.common.zone.ZoneResolver;
import dev.simebs.node.cluster.StartupTaint;
import dev.simebs.node.request.InlineVolumeLimits;
import dev.simebs.node.request.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simebs node}: the CSI Identity and Node services for kubelet on one unix socket. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Serve the CSI Node service (loop devices, mkfs, mounts) for kubelet.")
public final class NodeCommand implements Callable<Integer> {

  @Mixin LoggingOptions logging;

  @Option(
      names = "--endpoint",
      description = "CSI endpoint. Default: ${DEFAULT-VALUE}",
      defaultValue = "unix:///csi/csi.sock",
      converter = EndpointConverter.class)
  Endpoint endpoint;

  @Option(names = "--node-id", description = "This node's ID. Default: the host name.")
  String nodeId;

  @Option(
      names = "--zone",
      description =
          "This node's zone. Default: the Node's topology.kubernetes.io/zone label when running in"
              + " a cluster; without either, the node reports no topology.")
  String zone;

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig for reading the Node's zone label (in-cluster config otherwise).")
  Path kubeconfig;

  @Option(
      names = "--max-volumes",
      description = "Volumes that may attach to this node. Default: ${DEFAULT-VALUE}",
      defaultValue = "" + NodeConfig.DEFAULT_MAX_VOLUMES)
  int maxVolumes;

  @Option(names = "--backend", description = "backend-sim address, HOST:PORT.")
  String backend;

  @Option(names = "--backend-token-file", description = "File holding the backend's bearer token.")
  Path backendTokenFile;

  @Option(
      names = "--backend-ca-file",
      description = "PEM certificate the backend's TLS certificate must chain to.")
  Path backendCaFile;

  @Option(
      names = "--ephemeral-max-size",
      description = "Largest inline ephemeral volume pod authors may ask for. Default: ${DEFAULT-VALUE}",
      defaultValue = "100Gi")
  String ephemeralMaxSize;

  @Option(
      names = "--ephemeral-types",
      description = "Volume types inline ephemeral volumes may have, comma-separated; the first"
          + " is the default. Default: ${DEFAULT-VALUE}",
      defaultValue = "gp3,gp2")
  String ephemeralTypes;

  @Option(
      names = "--kubelet-dir",
      description =
          "Request paths must lie inside this directory (never / or a system directory)."
              + " Default: ${DEFAULT-VALUE}",
      defaultValue = "/var/lib/kubelet")
  Path kubeletDir;

  @Option(
      names = "--backend-data-dir",
      description =
          "The backend's data directory as mounted here; backing files must lie in its volumes/.")
  Path backendDataDir;

  @Option(
      names = "--state-dir",
      description =
          "Where the node stages inline volumes. Default: <kubelet-dir>/plugins/ebs.csi.simebs.dev")
  Path stateDir;

  @Mixin HttpEndpointOption http;

  @Mixin GracePeriodOption grace;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    String id = nodeId != null ? nodeId : InetAddress.getLocalHost().getHostName();
    List<AutoCloseable> running = new ArrayList<>();
    Optional<KubernetesClient> cluster = kubernetesClient();
    cluster.ifPresent(running::add);
    Optional<BackendConnection> connection =
        Optional.ofNullable(backend)
            .map(address -> BackendConnection.remote(Endpoint.parse(address), credentials()));
    connection.ifPresent(running::add);
    NodeConfig config =
        new NodeConfig(
            id,
            resolveZone(id, cluster),
            maxVolumes,
            List.of(kubeletDir),
            Optional.ofNullable(backendDataDir),
            stateDir != null ? stateDir : kubeletDir.resolve("plugins/ebs.csi.simebs.dev"),
            List.of(),
            NodeConfig.DEFAULT_TOOL_TIMEOUT,
            inlineLimits());
    PrometheusRegistry registry = new PrometheusRegistry();
    Optional<PrometheusRegistry> volumeMetrics = http.address().map(address -> registry);
    NodePlugin plugin = NodePlugin.start(config, connection.map(BackendConnection::backend), volumeMetrics);
    IdentityService identity =
        new IdentityService(
            List.of(
                PluginCapabilities.service(
                    PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS)),
            plugin::ready);
    GrpcServer server =
        GrpcServer.start(
            endpoint,
            List.of(identity, plugin.service()),
            List.of(new CallLogger(), new CallMetrics(registry).of(DriverInfo.DRIVER_NAME)),
            grace.gracePeriod());
    System.err.printf(
        "SimEBS node %s (zone %s) is serving on %s.%n",
        id, config.zone().orElse("none"), server.endpoint());
    running.add(plugin);
    running.add(server);
    http.start(registry, plugin::ready).ifPresent(running::add);
    // After serving: kubelet registers the driver only once this socket answers.
    cluster.ifPresent(client -> running.add(StartupTaint.removeOnceRegistered(client, id)));
    ShutdownSignal.awaitThenClose(() -> closeInReverse(running));
    return 0;
  }

  /** The configured zone, else the Node's zone label, else none. */
  Optional<String> resolveZone(String id, Optional<KubernetesClient> cluster) {
    if (zone != null) {
      return Optional.of(zone);
    }
    return cluster.flatMap(client -> ZoneResolver.fromNodeLabels(client, id));
  }

  /** A client of the cluster's API when running in one (or given a kubeconfig). */
  Optional<KubernetesClient> kubernetesClient() {
    if (System.getenv("KUBERNETES_SERVICE_HOST") == null && kubeconfig == null) {
      return Optional.empty();
    }
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(null)
            : Config.fromKubeconfig(readKubeconfig(kubeconfig));
    return Optional.of(new KubernetesClientBuilder().withConfig(config).build());
  }

  InlineVolumeLimits inlineLimits() {
    return new InlineVolumeLimits(
        Quantity.toGibRoundedUp("--ephemeral-max-size", ephemeralMaxSize),
        InlineVolumeLimits.parseTypes(ephemeralTypes));
  }

  private static String readKubeconfig(Path path) {
    try {
      return Files.readString(path);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read kubeconfig " + path + ": " + e.getMessage(), e);
    }
  }

  private ClientCredentials credentials() {
    return ClientCredentials.read(backendTokenFile, backendCaFile);
  }

  private static void closeInReverse(List<AutoCloseable> running) throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }
}
