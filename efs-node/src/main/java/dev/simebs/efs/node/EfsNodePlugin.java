package dev.simebs.efs.node;

import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.common.backend.BackendCalls;
import dev.simebs.common.backend.CallerDeadline;
import dev.simebs.common.backend.RetryPolicy;
import dev.simebs.common.backend.TimeSource;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.MountTable;
import dev.simebs.efs.node.publish.FileSystemMounts;
import dev.simebs.efs.node.publish.SharePublisher;
import dev.simebs.efs.node.publish.ShareStats;
import dev.simebs.efs.node.sys.EfsSyscalls;
import io.grpc.BindableService;
import java.io.IOException;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EFS node plugin, wired: serves again what a previous run left mounted, and offers the CSI
 * Node service for a gRPC server (its own, or the all-in-one's EFS socket).
 */
public final class EfsNodePlugin {

  private static final Logger log = LoggerFactory.getLogger(EfsNodePlugin.class);
  private static final Duration BACKEND_CALL_TIMEOUT = Duration.ofSeconds(10);

  private final EfsNodeService service;
  private final int recovered;

  private EfsNodePlugin(EfsNodeService service, int recovered) {
    this.service = service;
    this.recovered = recovered;
  }

  public static EfsNodePlugin start(EfsNodeConfig config,
      FileSystemsGrpc.FileSystemsBlockingStub backend) throws IOException {
    EfsSyscalls calls = new EfsSyscalls();
    LinuxSystem system = new LinuxSystem();
    BackendCalls<FileSystemsGrpc.FileSystemsBlockingStub> backendCalls = new BackendCalls<>(
        backend, RetryPolicy.defaults(), BACKEND_CALL_TIMEOUT, CallerDeadline.grpcContext(),
        TimeSource.system(), RandomGenerator.getDefault());
    SharePublisher publisher = new SharePublisher(config, calls, system,
        MountTable.ofThisProcess(), new FileSystemMounts(backendCalls, config.nodeId(), config.zone()));
    int recovered = publisher.recover();
    log.info("EFS node {} in zone {} is ready ({} mounts served again after a restart)",
        config.nodeId(), config.zone(), recovered);
    return new EfsNodePlugin(new EfsNodeService(config, publisher, new ShareStats(publisher,
        system)), recovered);
  }

  public BindableService service() {
    return service;
  }

  /** How many mounts of a previous run were served again at start. */
  public int recovered() {
    return recovered;
  }
}
