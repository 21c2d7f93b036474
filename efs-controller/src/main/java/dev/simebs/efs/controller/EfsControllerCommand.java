package dev.simebs.efs.controller;

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
import dev.simebs.common.metrics.CallMetrics;
import dev.simebs.common.metrics.HttpEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simebs efs-controller}: the EFS driver's Identity and Controller over a standalone backend. */
@Command(
    name = "efs-controller",
    mixinStandardHelpOptions = true,
    description = "Serve the CSI Controller (and Identity) of the EFS driver efs.csi.simebs.dev:"
        + " an access point per volume.")
public final class EfsControllerCommand implements Callable<Integer> {

  @Mixin LoggingOptions logging;

  @Option(
      names = "--endpoint",
      description = "CSI endpoint to serve (unix:///path). Default: ${DEFAULT-VALUE}",
      defaultValue = "unix:///csi/csi.sock",
      converter = EndpointConverter.class)
  Endpoint endpoint;

  @Option(names = "--backend", required = true, description = "backend-sim address, HOST:PORT.",
      converter = EndpointConverter.class)
  Endpoint backend;

  @Option(names = "--backend-token-file", description = "File holding the backend's bearer token.")
  Path backendTokenFile;

  @Option(names = "--backend-ca-file",
      description = "PEM certificate the backend's TLS certificate must chain to (TLS when given).")
  Path backendCaFile;

  @Option(names = "--delete-access-point-root-dir",
      description = "Remove an access point's root directory when its volume is deleted"
          + " (off by default, as upstream). Needs --backend-data-dir.")
  boolean deleteRootDir;

  @Option(names = "--backend-data-dir",
      description = "The backend's data directory as mounted here (for the option above).")
  Path backendDataDir;

  @Mixin HttpEndpointOption http;

  @Mixin GracePeriodOption grace;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    EfsControllerConfig config = config();
    BackendConnection connection =
        BackendConnection.fromFiles(backend, backendTokenFile, backendCaFile);
    PrometheusRegistry registry = new PrometheusRegistry();
    EfsControllerPlugin plugin = new EfsControllerPlugin(connection.fileSystems(), config);
    GrpcServer server = GrpcServer.start(endpoint,
        List.of(new IdentityService(EfsDriverInfo.DRIVER_NAME, plugin.pluginCapabilities(),
            plugin::ready), plugin.service()),
        List.of(new CallLogger(), new CallMetrics(registry).of(EfsDriverInfo.DRIVER_NAME)),
        grace.gracePeriod());
    Optional<HttpEndpoint> httpEndpoint = http.start(registry, plugin::ready);
    System.err.printf("SimEFS controller is serving on %s, backend %s.%n", endpoint, backend);
    ShutdownSignal.awaitThenClose(() -> {
      httpEndpoint.ifPresent(HttpEndpoint::close);
      server.close();
      connection.close();
    });
    return 0;
  }

  EfsControllerConfig config() {
    if (!deleteRootDir) {
      return EfsControllerConfig.defaults();
    }
    if (backendDataDir == null) {
      throw new IllegalArgumentException(
          "--delete-access-point-root-dir needs --backend-data-dir: the directories live there");
    }
    return EfsControllerConfig.defaults().withDeleteAccessPointRootDir(backendDataDir);
  }
}
