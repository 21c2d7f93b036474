package dev.simebs.dist;

import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.efs.EfsDriverInfo;
import dev.simebs.common.grpc.CallLogger;
import dev.simebs.common.metrics.CallMetrics;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.grpc.GrpcServer;
import dev.simebs.common.identity.IdentityService;
import dev.simebs.efs.controller.EfsControllerConfig;
import dev.simebs.efs.controller.EfsControllerPlugin;
import dev.simebs.efs.node.EfsNodeConfig;
import dev.simebs.efs.node.EfsNodePlugin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The EFS driver of the all-in-one: its Identity, Controller and Node on a socket of their own,
 * over the same embedded backend as the block driver, for the same one node.
 */
final class EfsAllInOne {

  private EfsAllInOne() {}

  /** The EFS socket's default place: beside the block driver's socket. */
  static Endpoint besideOf(Endpoint blockEndpoint) {
    return switch (blockEndpoint) {
      case Endpoint.Unix unix -> new Endpoint.Unix(unix.path().resolveSibling("efs.sock"));
      case Endpoint.Tcp tcp -> new Endpoint.Tcp(tcp.host(), tcp.port() == 0 ? 0 : tcp.port() + 1);
    };
  }

  static GrpcServer start(Endpoint endpoint, BackendConnection backend, Path backendDir,
      String nodeId, String zone, List<Path> allowedRoots, Duration gracePeriod, CallMetrics calls)
      throws IOException {
    EfsControllerPlugin controller =
        new EfsControllerPlugin(backend.fileSystems(), EfsControllerConfig.defaults());
    EfsNodePlugin node = EfsNodePlugin.start(
        new EfsNodeConfig(nodeId, zone, allowedRoots, backendDir), backend.fileSystems());
    IdentityService identity = new IdentityService(EfsDriverInfo.DRIVER_NAME,
        controller.pluginCapabilities(), controller::ready);
    return GrpcServer.start(endpoint, List.of(identity, controller.service(), node.service()),
        List.of(new CallLogger(), calls.of(EfsDriverInfo.DRIVER_NAME)), gracePeriod);
  }
}
