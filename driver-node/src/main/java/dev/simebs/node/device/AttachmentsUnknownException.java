package dev.simebs.node.device;

import java.io.IOException;

/** The cloud could not say where a volume is attached; the node then releases nothing. */
public final class AttachmentsUnknownException extends IOException {

  public AttachmentsUnknownException(String volumeId, String why) {
    super("cannot learn from the backend where volume " + volumeId + " is attached: " + why);
  }
}
