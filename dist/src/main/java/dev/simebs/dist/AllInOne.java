package dev.simebs.dist;

import csi.v1.PluginCapability;
import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.common.identity.PluginCapabilities;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole driver in one process: Identity, Controller and Node on one socket, with backend-sim
 * embedded. This is what csi-sanity, the integration tests and a laptop user run.
 */
public final class AllInOne implements AutoCloseable {

  /** What an all-in-one process needs to start. */
  public record Config(Endpoint endpoint, Path dataDir, String nodeId, Duration gracePeriod) {}

  private final BackendSim backend;
  private final BackendConnection connection;
  private final GrpcServer server;

  private AllInOne(BackendSim backend, BackendConnection connection, GrpcServer server) {
    this.backend = backend;
    this.connection = connection;
    this.server = server;
  }

  public static AllInOne start(Config config) throws IOException {
    BackendSim backend = BackendSim.open(BackendConfig.defaults(config.dataDir()));
    BackendConnection connection = BackendConnection.inProcess(backend.services());
    try {
      IdentityService identity =
          new IdentityService(
              List.of(
                  PluginCapabilities.service(PluginCapability.Service.Type.CONTROLLER_SERVICE),
                  PluginCapabilities.service(
                      PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS),
                  PluginCapabilities.expansion(PluginCapability.VolumeExpansion.Type.ONLINE)),
              backend::ready);
      GrpcServer server =
          GrpcServer.start(
              config.endpoint(), List.of(identity), List.of(new CallLogger()), config.gracePeriod());
      return new AllInOne(backend, connection, server);
    } catch (IOException | RuntimeException e) {
      connection.close();
      backend.close();
      throw e;
    }
  }

  public Endpoint endpoint() {
    return server.endpoint();
  }

  @Override
  public void close() {
    server.close();
    connection.close();
    backend.close();
  }
}
