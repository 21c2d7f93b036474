package dev.simebs.efs.node;

import csi.v1.PluginCapability;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.GracePeriodOption;
import dev.simebs.common.cli.HttpEndpointOption;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.common.identity.PluginCapabilities;
import dev.simebs.common.metrics.CallMetrics;
import dev.simebs.common.metrics.HttpEndpoint;
import dev.simebs.common.zone.ZoneResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code simebs efs-node}: the EFS driver's Identity and Node services for kubelet. */
@Command(
    name = "efs-node",
    mixinStandardHelpOptions = true,
    description = "Serve the CSI Node of the EFS driver efs.csi.simebs.dev: shared file systems"
        + " mounted through FUSE (access points) or bind mounts.")
public final class EfsNodeCommand implements Callable<Integer> {

  @Mixin LoggingOptions logging;

  @Option(names = "--endpoint", description = "CSI endpoint. Default: ${DEFAULT-VALUE}",
      defaultValue = "unix:///csi/csi.sock", converter = EndpointConverter.class)
  Endpoint endpoint;

  @Option(names = "--node-id", description = "This node's ID. Default: the host name.")
  String nodeId;

  @Option(names = "--zone", description = "This node's zone. Default: the Node's"
      + " topology.kubernetes.io/zone label when running in a cluster, else sim-a.")
  String zone;

  @Option(names = "--backend", required = true, description = "backend-sim address, HOST:PORT.",
      converter = EndpointConverter.class)
  Endpoint backend;

  @Option(names = "--backend-token-file", description = "File holding the backend's bearer token.")
  Path backendTokenFile;

  @Option(names = "--backend-ca-file",
      description = "PEM certificate the backend's TLS certificate must chain to (TLS when given).")
  Path backendCaFile;

  @Option(names = "--backend-data-dir", required = true,
      description = "The backend's data directory as mounted here (file systems live in its"
          + " filesystems/).")
  Path backendDataDir;

  @Option(names = "--kubelet-dir",
      description = "Target paths must lie inside this directory. Default: ${DEFAULT-VALUE}",
      defaultValue = "/var/lib/kubelet")
  Path kubeletDir;

  @Mixin HttpEndpointOption http;

  @Mixin GracePeriodOption grace;

  /** Runs {@code efs-node} on its own, e.g. as a child JVM in a test's mount namespace. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EfsNodeCommand()).execute(args));
  }

  /** The zone of a node that has no zone label (the block node reports none instead). */
  private static final String FALLBACK_ZONE = "sim-a";

  /** The Node's zone label in a cluster (as the block node reads it), else sim-a. */
  private static String zoneOf(String nodeName) {
    if (System.getenv("KUBERNETES_SERVICE_HOST") == null) {
      return FALLBACK_ZONE;
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      return ZoneResolver.fromNodeLabels(client, nodeName).orElse(FALLBACK_ZONE);
    }
  }

  @Override
  public Integer call() throws Exception {
    logging.apply();
    String id = nodeId != null ? nodeId : InetAddress.getLocalHost().getHostName();
    String zone = this.zone != null ? this.zone : zoneOf(id);
    BackendConnection connection =
        BackendConnection.fromFiles(backend, backendTokenFile, backendCaFile);
    PrometheusRegistry registry = new PrometheusRegistry();
    EfsNodePlugin plugin = EfsNodePlugin.start(
        new EfsNodeConfig(id, zone, List.of(kubeletDir), backendDataDir),
        connection.fileSystems());
    GrpcServer server = GrpcServer.start(endpoint,
        List.of(new IdentityService(EfsDriverInfo.DRIVER_NAME, List.of(
                PluginCapabilities.service(
                    PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS)),
            () -> true),
            plugin.service()),
        List.of(new CallLogger(), new CallMetrics(registry).of(EfsDriverInfo.DRIVER_NAME)),
        grace.gracePeriod());
    Optional<HttpEndpoint> httpEndpoint = http.start(registry, () -> true);
    // Tests and scripts wait for this line; keep its shape.
    System.out.printf("SimEFS node %s (zone %s) is serving on %s.%n", id, zone, server.endpoint());
    System.out.flush();
    ShutdownSignal.awaitThenClose(() -> {
      httpEndpoint.ifPresent(HttpEndpoint::close);
      server.close();
      connection.close();
    });
    return 0;
  }
}
