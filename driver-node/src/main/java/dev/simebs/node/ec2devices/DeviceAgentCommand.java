package dev.simebs.node.ec2devices;

import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.ClientCredentials;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.node.NodeConfig;
import dev.simebs.node.request.BackingFiles;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simebs device-agent}: the fake cloud's per-node agent that turns the node's EC2
 * attachments into loop devices with EBS-style links, for the upstream EBS CSI driver.
 */
@Command(
    name = "device-agent",
    mixinStandardHelpOptions = true,
    description = "Make this node's attachments block devices with EBS-style"
        + " /dev/disk/by-id links (for the upstream EBS CSI driver).")
public final class DeviceAgentCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DeviceAgentCommand.class);

  @Mixin LoggingOptions logging;

  @Option(names = "--node-id", description = "This node's ID. Default: the host name.")
  String nodeId;

  @Option(names = "--zone", description = "This node's zone. Default: ${DEFAULT-VALUE}",
      defaultValue = "sim-a")
  String zone;

  @Option(names = "--max-volumes", description = "Attachments this node takes. Default:"
      + " ${DEFAULT-VALUE}", defaultValue = "" + NodeConfig.DEFAULT_MAX_VOLUMES)
  int maxVolumes;

  @Option(names = "--backend", required = true, description = "backend-sim address, HOST:PORT.")
  String backend;

  @Option(names = "--backend-token-file", description = "File holding the backend's bearer token.")
  Path backendTokenFile;

  @Option(names = "--backend-ca-file",
      description = "PEM certificate the backend's TLS certificate must chain to.")
  Path backendCaFile;

  @Option(names = "--backend-data-dir", required = true,
      description = "The backend's data directory as mounted here.")
  Path backendDataDir;

  @Option(names = "--links-dir", description = "Where the links go: /dev/disk/by-id on a host of"
      + " its own; a directory per node where nodes share /dev (kind). Default: ${DEFAULT-VALUE}",
      defaultValue = "/dev/disk/by-id")
  Path linksDir;

  @Option(names = "--interval", description = "Time between passes. Default: ${DEFAULT-VALUE}",
      defaultValue = "PT1S")
  Duration interval;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    String id = nodeId != null ? nodeId : InetAddress.getLocalHost().getHostName();
    BackendConnection connection = BackendConnection.remote(
        Endpoint.parse(backend), ClientCredentials.read(backendTokenFile, backendCaFile));
    Ec2DeviceAgent agent = new Ec2DeviceAgent(connection.backend(), id,
        new LoopDevices(new LinuxSystem()), new Ec2DeviceLinks(linksDir),
        new BackingFiles(Optional.of(backendDataDir)));
    agent.register(zone, maxVolumes);
    ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor();
    passes.scheduleWithFixedDelay(() -> {
      try {
        agent.reconcile();
      } catch (Exception e) {
        log.warn("device pass failed, trying again in {}: {}", interval, e.toString());
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    System.err.printf("SimEBS device agent for node %s (zone %s): links in %s.%n", id, zone,
        linksDir);
    ShutdownSignal.awaitThenClose(() -> {
      passes.shutdownNow();
      passes.awaitTermination(10, TimeUnit.SECONDS);
      connection.close();
    });
    return 0;
  }
}
