package dev.simebs.node.device;

import dev.simebs.backend.api.ResourceIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who bound a loop device on which node, for which volume. The binder writes it into the device's
 * lo_file_name (64 bytes, kept by the kernel) in the same LOOP_CONFIGURE call that binds the
 * device, as {@code <role>:<volume_id>:<node>}. Every node sharing the kernel can read it, it
 * survives restarts of the node plugin and of the backend, and it goes with the device, so it is
 * never stale.
 *
 * @param role which SimEBS program bound it
 * @param volumeId the volume the device was bound for
 * @param node the node's ID when it fits ({@value #MAX_NODE_BYTES} characters of {@code
 *     [A-Za-z0-9._-]}), else its first {@value #PREFIX_CHARS} such characters, {@code ~} and 8 hex
 *     digits of its SHA-256: a form no plain ID can take
 */
public record LoopOwner(Role role, String volumeId, String node) {

  /** The SimEBS programs that bind loop devices; each releases only its own. */
  public enum Role {
    /** The CSI node plugin: staged volumes. */
    NODE_PLUGIN("simebs"),
    /** {@code simebs device-agent}: a node's EC2 attachments as block devices. */
    EC2_AGENT("simebs-ec2");

    private final String prefix;

    Role(String prefix) {
      this.prefix = prefix;
    }
  }

  // lo_file_name holds 63 bytes: the longest prefix, ':', a volume ID (21), ':', the node.
  private static final int MAX_NODE_BYTES = 63 - "simebs-ec2".length() - 23;
  private static final int PREFIX_CHARS = MAX_NODE_BYTES - 9;
  private static final Pattern PLAIN_NODE =
      Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NODE_BYTES + "}");
  private static final Pattern LABEL =
      Pattern.compile(
          "(simebs|simebs-ec2):(vol-[0-9a-f]{17}):([A-Za-z0-9._~-]{1," + MAX_NODE_BYTES + "})");

  /** The owner of a device that the node plugin of node {@code nodeId} binds for {@code volumeId}. */
  public static LoopOwner of(String volumeId, String nodeId) {
    return of(Role.NODE_PLUGIN, volumeId, nodeId);
  }

  /** The owner of a device that {@code role} binds on node {@code nodeId} for {@code volumeId}. */
  public static LoopOwner of(Role role, String volumeId, String nodeId) {
    if (!ResourceIds.VOLUME.isValid(volumeId)) {
      throw new IllegalArgumentException("not a volume ID: " + volumeId);
    }
    return new LoopOwner(role, volumeId, nodeTag(nodeId));
  }

  /** The owner a label names; empty for a label that is not one of ours (another tool, an old node). */
  public static Optional<LoopOwner> parse(String label) {
    Matcher matcher = LABEL.matcher(label);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    Role role = matcher.group(1).equals(Role.NODE_PLUGIN.prefix) ? Role.NODE_PLUGIN : Role.EC2_AGENT;
    return Optional.of(new LoopOwner(role, matcher.group(2), matcher.group(3)));
  }

  /** What goes into lo_file_name. */
  public String label() {
    return role.prefix + ":" + volumeId + ":" + node;
  }

  /** True when node {@code nodeId} bound the device. */
  public boolean boundBy(String nodeId) {
    return node.equals(nodeTag(nodeId));
  }

  private static String nodeTag(String nodeId) {
    if (PLAIN_NODE.matcher(nodeId).matches()) {
      return nodeId;
    }
    StringBuilder readable = new StringBuilder();
    for (char c : nodeId.toCharArray()) {
      if (readable.length() == PREFIX_CHARS) {
        break;
      }
      readable.append(isPlain(c) ? c : '_');
    }
    return readable + "~" + HexFormat.of().formatHex(sha256(nodeId), 0, 4);
  }

  private static boolean isPlain(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
