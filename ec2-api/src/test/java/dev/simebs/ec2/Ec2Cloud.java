package dev.simebs.ec2;

import dev.simebs.backend.BackendConfig;
import dev.simebs.backend.BackendSim;
import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.RegisterNodeRequest;
import dev.simebs.backend.api.SimulationConfig;
import dev.simebs.backend.zones.ZoneSpec;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.ec2.actions.Instances;
import dev.simebs.ec2.auth.AccessKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * A backend-sim with the EC2 API in front, on a free port, with two nodes (node-a in sim-a,
 * node-b in sim-b) and two keys: a read-write one and a read-only one. Clients are the real AWS
 * SDK's, pointed at it with endpointOverride and no retries, so every error is seen as sent.
 */
final class Ec2Cloud implements AutoCloseable {

  static final AccessKey WRITER = new AccessKey("default", "AKIASIMEBSTESTWRITER",
      "writer-secret-0123456789abcdefghijklmnopq", AccessKey.Access.READ_WRITE);
  static final AccessKey READER = new AccessKey("reader", "AKIASIMEBSTESTREADER",
      "reader-secret-0123456789abcdefghijklmnopq", AccessKey.Access.READ_ONLY);
  static final String NODE_A = "node-a";
  static final String NODE_B = "node-b";

  private final BackendSim sim;
  private final BackendConnection connection;
  private final Ec2Api api;
  private final List<Ec2Client> clients = new ArrayList<>();

  private Ec2Cloud(BackendSim sim, BackendConnection connection, Ec2Api api) {
    this.sim = sim;
    this.connection = connection;
    this.api = api;
  }

  static Ec2Cloud start(Path dataDir) throws IOException {
    return start(BackendConfig.defaults(dataDir));
  }

  static Ec2Cloud start(BackendConfig config) throws IOException {
    BackendSim sim = BackendSim.open(config);
    BackendConnection connection = BackendConnection.inProcess(sim.services());
    try {
      List<String> nodes = List.of(NODE_A, NODE_B);
      for (int i = 0; i < nodes.size(); i++) {
        String zone = config.zones().get(Math.min(i, config.zones().size() - 1)).name();
        connection.backend().registerNode(RegisterNodeRequest.newBuilder()
            .setNodeId(nodes.get(i)).setZone(zone).build());
      }
      Ec2Api api = Ec2Api.start(new Ec2Api.Config(new InetSocketAddress("127.0.0.1", 0),
          List.of(WRITER, READER), Clock.systemUTC()), connection.backend());
      return new Ec2Cloud(sim, connection, api);
    } catch (IOException | RuntimeException e) {
      connection.close();
      sim.close();
      throw e;
    }
  }

  /** Zones sim-a and sim-b, plus sim-small of 10 GiB for capacity errors. */
  static BackendConfig withSmallZone(Path dataDir) {
    return BackendConfig.defaults(dataDir).withZones(List.of(
        new ZoneSpec("sim-a", BackendConfig.DEFAULT_ZONE_CAPACITY_GIB),
        new ZoneSpec("sim-b", BackendConfig.DEFAULT_ZONE_CAPACITY_GIB),
        new ZoneSpec("sim-small", 10)));
  }

  URI endpoint() {
    return api.endpoint();
  }

  Ec2Client client() {
    return client(WRITER);
  }

  Ec2Client client(AccessKey key) {
    return client(key.id(), key.secret());
  }

  Ec2Client client(String keyId, String secret) {
    Ec2Client client = Ec2Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(keyId, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
    clients.add(client);
    return client;
  }

  /** The SDK's waiters, polling every 50 ms instead of EC2's 15 s. */
  Ec2Waiter waiter(Ec2Client client) {
    return Ec2Waiter.builder().client(client)
        .overrideConfiguration(WaiterOverrideConfiguration.builder()
            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50)))
            .maxAttempts(1200)
            .build())
        .build();
  }

  /** Polls DescribeVolumes with the SDK's generic waiter until the attachment is in {@code state}. */
  VolumeAttachment waitForAttachment(Ec2Client client, String volumeId,
      VolumeAttachmentState state) {
    Predicate<DescribeVolumesResponse> reached = r -> r.volumes().getFirst().attachments()
        .stream().anyMatch(a -> a.state() == state);
    return Waiter.builder(DescribeVolumesResponse.class)
        .overrideConfiguration(WaiterOverrideConfiguration.builder()
            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50)))
            .maxAttempts(1200).build())
        .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(reached))
        .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(r -> true))
        .build()
        .run(() -> client.describeVolumes(r -> r.volumeIds(volumeId)))
        .matched().response().orElseThrow().volumes().getFirst().attachments().stream()
        .filter(a -> a.state() == state).findFirst().orElseThrow();
  }

  BackendGrpc.BackendBlockingStub backend() {
    return connection.backend();
  }

  AdminGrpc.AdminBlockingStub admin() {
    return connection.admin();
  }

  void simulate(SimulationConfig config) {
    admin().setSimulation(config);
  }

  static String instanceOf(String nodeId) {
    return Instances.instanceIdOf(nodeId);
  }

  @Override
  public void close() {
    clients.forEach(Ec2Client::close);
    api.close();
    connection.close();
    sim.close();
  }
}
