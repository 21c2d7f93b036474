package dev.simebs.controller.publish;

import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.controller.capabilities.AccessType;
import dev.simebs.controller.capabilities.RequestedCapability;
import java.util.Optional;

/**
 * How a volume was published on a node: what a repeated ControllerPublishVolume must match. The
 * backend's attachments do not know it, so it is kept in a tag on the volume (see {@link #encode()}).
 */
public record Publication(AccessType accessType, Mode mode, boolean readonly) {

  public static Publication of(RequestedCapability capability, boolean readonly) {
    return new Publication(capability.accessType(), capability.mode(), readonly);
  }

  /** The tag value, e.g. {@code mount/SINGLE_NODE_WRITER/rw}. */
  public String encode() {
    return accessType.name().toLowerCase() + "/" + mode.name() + "/" + (readonly ? "ro" : "rw");
  }

  /** Reads a tag value; empty when it is not one of ours (then any publication matches). */
  public static Optional<Publication> decode(String value) {
    String[] parts = value.split("/");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Publication(
              AccessType.valueOf(parts[0].toUpperCase()), Mode.valueOf(parts[1]), parts[2].equals("ro")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
