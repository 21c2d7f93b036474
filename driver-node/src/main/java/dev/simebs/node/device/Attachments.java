package dev.simebs.node.device;

import java.util.Set;

/** What the cloud records about a volume's attachments: the node's consent to let go of a device. */
@FunctionalInterface
public interface Attachments {

  /**
   * The nodes {@code volumeId} is attached to, attaching to or detaching from; empty when it is
   * attached nowhere or does not exist.
   *
   * @throws AttachmentsUnknownException when the cloud cannot be asked or does not answer
   */
  Set<String> nodesOf(String volumeId) throws AttachmentsUnknownException;

  /**
   * For a node without a backend (a single-machine setup): no cloud keeps attachment records, so
   * none stands in the way; the owner label alone decides.
   */
  static Attachments unrecorded() {
    return volumeId -> Set.of();
  }
}
