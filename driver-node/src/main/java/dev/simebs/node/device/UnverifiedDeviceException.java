package dev.simebs.node.device;

import dev.simebs.common.sys.LoopDevice;
import java.io.IOException;

/**
 * A loop device failed the check made before every use: it is not (or no longer) this node's
 * device for the volume. The node then refuses to use it rather than risk another volume's data.
 */
public final class UnverifiedDeviceException extends IOException {

  public UnverifiedDeviceException(LoopDevice device, String volumeId, String why) {
    super(
        device.path()
            + " cannot be used for volume "
            + volumeId
            + ": "
            + why
            + "; unpublish and unstage the volume, then stage it again");
  }
}
