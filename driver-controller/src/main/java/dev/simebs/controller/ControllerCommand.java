package dev.simebs.controller;

import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.cli.AdvertisingOption;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.GracePeriodOption;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.IdentityService;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Mixin GracePeriodOption grace;

  @Mixin AdvertisingOption advertising;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    Optional<String> token =
        backendTokenFile == null ? Optional.empty() : Optional.of(Files.readString(backendTokenFile).strip());
    BackendConnection connection = BackendConnection.remote(backend, token);
    ControllerPlugin plugin = new ControllerPlugin(connection.backend(), ControllerConfig.defaults().advertising(advertising.advertisedSpec()));
    GrpcServer server =
        GrpcServer.start(
            endpoint,
            List.of(new IdentityService(plugin.pluginCapabilities(), plugin::ready), plugin.service()),
            List.of(new CallLogger()),
            grace.gracePeriod());
    System.err.printf("SimEBS controller is serving on %s, backend %s.%n", endpoint, backend);
    ShutdownSignal.awaitThenClose(
        () -> {
          server.close();
          connection.close();
        });
    return 0;
  }
}
