package dev.simebs.controller;

import dev.simebs.common.DriverInfo;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.ClientCredentials;
import dev.simebs.common.cli.AdvertisingOption;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.GracePeriodOption;
import dev.simebs.common.cli.HttpEndpointOption;
import dev.simebs.common.cli.Closeables;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.common.metrics.CallMetrics;
import dev.simebs.controller.events.EventSink;
import dev.simebs.controller.events.KubernetesEvents;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simebs controller}: the CSI Identity and Controller services over a standalone backend. */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    description = "Serve the CSI Controller (and Identity) service, driving a standalone backend-sim.")
public final class ControllerCommand implements Callable<Integer> {

  @Mixin LoggingOptions logging;

  @Option(
      names = "--endpoint",
      description = "CSI endpoint to serve (unix:///path). Default: ${DEFAULT-VALUE}",
      defaultValue = "unix:///csi/csi.sock",
      converter = EndpointConverter.class)
  Endpoint endpoint;

  @Option(
      names = "--backend",
      required = true,
      description = "backend-sim address, HOST:PORT.",
      converter = EndpointConverter.class)
  Endpoint backend;

  @Option(
      names = "--backend-token-file",
      description = "File holding the bearer token for the backend (e.g. a mounted Secret).")
  Path backendTokenFile;

  @Option(
      names = "--backend-ca-file",
      description = "PEM certificate the backend's TLS certificate must chain to.")
  Path backendCaFile;

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig for recording events on volumes' PVs and claims (in-cluster config when running in a pod; no events outside a cluster without it).")
  Path kubeconfig;

  @Mixin HttpEndpointOption http;

  @Mixin GracePeriodOption grace;

  @Mixin AdvertisingOption advertising;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    Deque<AutoCloseable> running = new ArrayDeque<>();
    try {
      BackendConnection connection = BackendConnection.remote(backend, ClientCredentials.read(backendTokenFile, backendCaFile));
      running.push(connection);
      Optional<KubernetesEvents> events = KubernetesEvents.connect(Optional.ofNullable(kubeconfig));
      events.ifPresent(running::push);
      PrometheusRegistry registry = new PrometheusRegistry();
      ControllerPlugin plugin =
          new ControllerPlugin(
              connection.backend(),
              ControllerConfig.defaults().advertising(advertising.advertisedSpec()),
              new ControllerTelemetry(registry, events.<EventSink>map(e -> e).orElse(EventSink.none())));
      running.push(
          GrpcServer.start(
              endpoint,
              List.of(new IdentityService(plugin.pluginCapabilities(), plugin::ready), plugin.service()),
              List.of(new CallLogger(), new CallMetrics(registry).of(DriverInfo.DRIVER_NAME)),
              grace.gracePeriod()));
      http.start(registry, plugin::ready).ifPresent(running::push);
    } catch (Exception e) {
      Closeables.closeAll(running);
      throw e;
    }
    System.err.printf("SimEBS controller is serving on %s, backend %s.%n", endpoint, backend);
    ShutdownSignal.awaitThenClose(() -> Closeables.closeAll(running));
    return 0;
  }
}
