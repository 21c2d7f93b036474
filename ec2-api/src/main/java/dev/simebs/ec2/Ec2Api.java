package dev.simebs.ec2;

import static dev.simebs.ec2.actions.Action.Kind.DESCRIBE;
import static dev.simebs.ec2.actions.Action.Kind.MUTATE;

import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Instances;
import dev.simebs.ec2.actions.attachments.AttachVolume;
import dev.simebs.ec2.actions.attachments.DetachVolume;
import dev.simebs.ec2.actions.instances.DescribeAvailabilityZones;
import dev.simebs.ec2.actions.instances.DescribeInstances;
import dev.simebs.ec2.actions.snapshots.CreateSnapshot;
import dev.simebs.ec2.actions.snapshots.DeleteSnapshot;
import dev.simebs.ec2.actions.snapshots.DescribeSnapshots;
import dev.simebs.ec2.actions.tags.CreateTags;
import dev.simebs.ec2.actions.tags.DeleteTags;
import dev.simebs.ec2.actions.tags.DescribeTags;
import dev.simebs.ec2.actions.volumes.CreateVolume;
import dev.simebs.ec2.actions.volumes.DeleteVolume;
import dev.simebs.ec2.actions.volumes.DescribeVolumeStatus;
import dev.simebs.ec2.actions.volumes.DescribeVolumes;
import dev.simebs.ec2.actions.volumes.DescribeVolumesModifications;
import dev.simebs.ec2.actions.volumes.ModifyVolume;
import dev.simebs.ec2.auth.AccessKey;
import dev.simebs.ec2.auth.SigV4Verifier;
import dev.simebs.ec2.http.Ec2HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The EC2 Query API, assembled: an HTTP endpoint whose every action is a view of backend-sim's
 * Backend service (the same one the CSI controller drives), so what one API makes the other
 * sees, and the backend's throttles, faults and latencies apply to both.
 */
public final class Ec2Api implements AutoCloseable {

  /** Each backend call gets this long; the backend's own latencies are asynchronous states. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

  /** Where to listen, which keys to accept, and the clock signatures are checked against. */
  public record Config(InetSocketAddress listen, List<AccessKey> keys, Clock clock) {}

  private final Ec2HttpServer server;
  private final Optional<BackendConnection> connection;

  private Ec2Api(Ec2HttpServer server, Optional<BackendConnection> connection) {
    this.server = server;
    this.connection = connection;
  }

  /** Serves the EC2 API over {@code backend}, which the caller keeps and closes. */
  public static Ec2Api start(Config config, BackendBlockingStub backend) throws IOException {
    return new Ec2Api(server(config, backend), Optional.empty());
  }

  /**
   * Serves the EC2 API over {@code sim}'s services, through an in-process connection of its own
   * (so the backend's throttles, faults and latencies apply as to any other client).
   */
  public static Ec2Api serve(BackendSim sim, Config config) throws IOException {
    BackendConnection connection = BackendConnection.inProcess(sim.services());
    try {
      return new Ec2Api(server(config, connection.backend()), Optional.of(connection));
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static Ec2HttpServer server(Config config, BackendBlockingStub backend)
      throws IOException {
    Supplier<BackendBlockingStub> calls = () ->
        backend.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    Ec2Service service = new Ec2Service(new SigV4Verifier(config.keys(), config.clock()),
        actions(calls));
    return Ec2HttpServer.start(config.listen(), service);
  }

  /** Every action SimEBS serves (docs/ec2-api.md lists them with their parameters). */
  static List<Action> actions(Supplier<BackendBlockingStub> backend) {
    Instances instances = new Instances(backend);
    return List.of(
        new Action("CreateVolume", MUTATE, new CreateVolume(backend)),
        new Action("DeleteVolume", MUTATE, new DeleteVolume(backend)),
        new Action("DescribeVolumes", DESCRIBE, new DescribeVolumes(backend)),
        new Action("ModifyVolume", MUTATE, new ModifyVolume(backend)),
        new Action("DescribeVolumesModifications", DESCRIBE,
            new DescribeVolumesModifications(backend)),
        new Action("DescribeVolumeStatus", DESCRIBE, new DescribeVolumeStatus(backend)),
        new Action("AttachVolume", MUTATE, new AttachVolume(backend, instances)),
        new Action("DetachVolume", MUTATE, new DetachVolume(backend, instances)),
        new Action("CreateSnapshot", MUTATE, new CreateSnapshot(backend)),
        new Action("DeleteSnapshot", MUTATE, new DeleteSnapshot(backend)),
        new Action("DescribeSnapshots", DESCRIBE, new DescribeSnapshots(backend)),
        new Action("CreateTags", MUTATE, new CreateTags(backend)),
        new Action("DeleteTags", MUTATE, new DeleteTags(backend)),
        new Action("DescribeTags", DESCRIBE, new DescribeTags(backend)),
        new Action("DescribeInstances", DESCRIBE, new DescribeInstances(backend, instances)),
        new Action("DescribeAvailabilityZones", DESCRIBE,
            new DescribeAvailabilityZones(backend)));
  }

  /** {@code http://host:port}, what {@code --endpoint-url} and {@code endpointOverride} take. */
  public URI endpoint() {
    InetSocketAddress address = server.address();
    String host = address.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + address.getPort());
  }

  @Override
  public void close() {
    server.close();
    connection.ifPresent(BackendConnection::close);
  }
}
