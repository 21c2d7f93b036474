package dev.simebs.dist;

import dev.simebs.backend.volumestore.VolumeStoreMode;
import dev.simebs.common.cli.AdvertisingOption;
import dev.simebs.common.cli.EndpointConverter;
import dev.simebs.common.cli.GracePeriodOption;
import dev.simebs.common.cli.HttpEndpointOption;
import dev.simebs.common.cli.LoggingOptions;
import dev.simebs.common.cli.ShutdownSignal;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.ec2.Ec2Options;
import dev.simebs.node.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "all-in-one",
    mixinStandardHelpOptions = true,
    description =
        "Serve CSI Identity, Controller and Node on one socket, with backend-sim embedded.")
final class AllInOneCommand implements Callable<Integer> {

  /** The embedded cloud's one zone unless --zone names another. */
  static final String DEFAULT_ZONE = "sim-a";

  @Mixin LoggingOptions logging;

  @Option(
      names = "--endpoint",
      description = "CSI endpoint (unix:///path). Default: unix://${DEFAULT-VALUE}",
      defaultValue = "${sys:user.home}/.simebs/csi.sock",
      converter = EndpointConverter.class)
  Endpoint endpoint;

  @Option(
      names = "--data-dir",
      description = "Where the backend keeps volumes, snapshots and metadata. Default: ${DEFAULT-VALUE}",
      defaultValue = "${sys:user.home}/.simebs/data")
  Path dataDir;

  @Option(
      names = "--node-id",
      description = "This node's ID. Default: the host name.")
  String nodeId;

  @Option(
      names = "--zone",
      description = "The node's zone (the embedded cloud's only zone). Default: ${DEFAULT-VALUE}",
      defaultValue = DEFAULT_ZONE)
  String zone;

  @Option(
      names = "--max-volumes",
      description = "Volumes the node may attach. Default: ${DEFAULT-VALUE}",
      defaultValue = "25")
  int maxVolumes;

  @Mixin HttpEndpointOption http;

  @Option(
      names = "--backend-listen",
      paramLabel = "HOST:PORT",
      description = "Also serve the embedded cloud's API here, for `simebs cloud` (no token: keep it on 127.0.0.1).",
      converter = EndpointConverter.class)
  Endpoint backendListen;

  @Option(
      names = "--volume-store",
      description = "Where images live: AUTO (a reflink store, made if needed, so snapshots are"
          + " point-in-time), DATA_DIR (the data dir as it is), REFLINK_IMAGE (the backend's own"
          + " xfs image or no start). Default: ${DEFAULT-VALUE}",
      defaultValue = "AUTO")
  VolumeStoreMode volumeStore;

  @Option(
      names = {"--allowed-root", "--kubelet-dir"},
      paramLabel = "DIR",
      description =
          "Request paths (staging, target, volume path) must lie inside one of these directories;"
              + " repeatable. Never /, a system directory (/proc, /sys, /dev, /etc, /boot, /usr ...)"
              + " or the data directory. Default: /tmp and $TMPDIR, where csi-sanity and test"
              + " clients put theirs.")
  List<Path> allowedRoots;

  @Mixin GracePeriodOption grace;

  @Mixin Ec2Options ec2;

  @Mixin AdvertisingOption advertising;

  @Option(
      names = "--efs-endpoint",
      description = "CSI endpoint of the EFS driver efs.csi.simebs.dev (unix:///path)."
          + " Default: efs.sock beside --endpoint.",
      converter = EndpointConverter.class)
  Endpoint efsEndpoint;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    if (nodeId == null) {
      nodeId = java.net.InetAddress.getLocalHost().getHostName();
    }
    AllInOne.Config config = new AllInOne.Config(endpoint, dataDir.toAbsolutePath(), volumeStore,
        nodeId, zone, maxVolumes,
        allowedRoots == null ? NodeConfig.temporaryRoots() : allowedRoots,
        grace.gracePeriod(), advertising.advertisedSpec());
    AllInOne running =
        AllInOne.start(
            (efsEndpoint == null ? config : config.withEfsEndpoint(efsEndpoint))
                .servingHttpAt(http.address())
                .servingBackendAt(Optional.ofNullable(backendListen).map(AllInOneCommand::tcp)),
            List.of(ec2));
    System.err.printf("SimEBS all-in-one: %s%n", running.volumeStore());
    System.err.printf(
        "SimEBS all-in-one is serving on %s (data in %s, node %s). Ctrl-C stops it.%n",
        running.endpoint(), dataDir.toAbsolutePath(), nodeId);
    System.err.printf("SimEFS (efs.csi.simebs.dev) is serving on %s (file system %s).%n",
        running.efsEndpoint(), running.defaultFileSystemId().orElse("none"));
    running.backendEndpoint().ifPresent(address -> System.err.printf("Cloud API on %s%n", address));
    running.httpAddress().ifPresent(address -> System.err.printf(
        "Metrics on http://%s:%d/metrics%n", address.getHostString(), address.getPort()));
    ShutdownSignal.awaitThenClose(running);
    return 0;
  }

  private static Endpoint.Tcp tcp(Endpoint endpoint) {
    if (endpoint instanceof Endpoint.Tcp tcp) {
      return tcp;
    }
    throw new IllegalArgumentException("--backend-listen must be HOST:PORT, got " + endpoint);
  }
}
