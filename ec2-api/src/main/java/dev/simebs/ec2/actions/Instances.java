package dev.simebs.ec2.actions;

import dev.simebs.backend.api.BackendGrpc.BackendBlockingStub;
import dev.simebs.backend.api.DescribeNodesRequest;
import dev.simebs.backend.api.Node;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The backend's registered nodes seen as EC2 instances. A node whose ID already has the shape of
 * an instance ID ({@code i-} and 8 or 17 hex digits, as the upstream EBS driver names nodes) is
 * that instance; any other node ID (a host name) is given {@code i-} and the first 17 hex digits
 * of its SHA-256, which is stable across restarts and needs no table.
 */
public final class Instances {

  private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

  private final Supplier<BackendBlockingStub> backend;

  public Instances(Supplier<BackendBlockingStub> backend) {
    this.backend = backend;
  }

  public static String instanceIdOf(String nodeId) {
    if (INSTANCE_ID.matcher(nodeId).matches()) {
      return nodeId;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(nodeId.getBytes(StandardCharsets.UTF_8));
      return "i-" + HexFormat.of().formatHex(digest).substring(0, 17);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Every registered node. */
  public List<Node> all() {
    return backend.get().describeNodes(DescribeNodesRequest.getDefaultInstance()).getNodesList();
  }

  /** The node behind {@code instanceId}: malformed and unknown IDs are EC2's errors. */
  public Node node(String instanceId) {
    requireWellFormed(instanceId);
    return all().stream()
        .filter(n -> instanceIdOf(n.getNodeId()).equals(instanceId))
        .findFirst()
        .orElseThrow(() -> Ec2Exception.of(Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
            "The instance ID '%s' does not exist", instanceId));
  }

  public static String requireWellFormed(String instanceId) {
    if (!INSTANCE_ID.matcher(instanceId).matches()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_INSTANCE_ID_MALFORMED,
          "Invalid id: \"%s\" (expecting \"i-...\")", instanceId);
    }
    return instanceId;
  }
}
