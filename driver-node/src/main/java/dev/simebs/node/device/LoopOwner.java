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
 * Which node bound a loop device, for which volume. The node writes it into the device's
 * lo_file_name (64 bytes, kept by the kernel) in the same LOOP_CONFIGURE call that binds the
 * device, as {@code simebs:<volume_id>:<node>}. Every node sharing the kernel can read it, it
 * survives restarts of the node plugin and of the backend, and it goes with the device, so it is
 * never stale.
 *
 * @param volumeId the volume the device was bound for
 * @param node the node's ID when it fits ({@value #MAX_NODE_BYTES} characters of {@code
 *     [A-Za-z0-9._-]}), else its first {@value #PREFIX_CHARS} such characters, {@code ~} and 8 hex
 *     digits of its SHA-256: a form no plain ID can take
 */
public record LoopOwner(String volumeId, String node) {

  private static final String PREFIX = "simebs:";
  private static final int MAX_NODE_BYTES = 63 - PREFIX.length() - 22;
  private static final int PREFIX_CHARS = MAX_NODE_BYTES - 9;
  private static final Pattern PLAIN_NODE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NODE_BYTES + "}");
  private static final Pattern LABEL =
      Pattern.compile(Pattern.quote(PREFIX) + "(vol-[0-9a-f]{17}):([A-Za-z0-9._~-]{1," + MAX_NODE_BYTES + "})");

  /** The owner of a device that node {@code nodeId} binds for {@code volumeId}. */
  public static LoopOwner of(String volumeId, String nodeId) {
    if (!ResourceIds.VOLUME.isValid(volumeId)) {
      throw new IllegalArgumentException("not a volume ID: " + volumeId);
    }
    return new LoopOwner(volumeId, nodeTag(nodeId));
  }

  /** The owner a label names; empty for a label that is not one of ours (another tool, an old node). */
  public static Optional<LoopOwner> parse(String label) {
    Matcher matcher = LABEL.matcher(label);
    return matcher.matches()
        ? Optional.of(new LoopOwner(matcher.group(1), matcher.group(2)))
        : Optional.empty();
  }

  /** What goes into lo_file_name. */
  public String label() {
    return PREFIX + volumeId + ":" + node;
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
