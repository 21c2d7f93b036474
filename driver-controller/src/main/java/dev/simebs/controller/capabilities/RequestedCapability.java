package dev.simebs.controller.capabilities;

import csi.v1.VolumeCapability.AccessMode.Mode;
import dev.simebs.common.fs.FsType;
import java.util.Optional;

/**
 * One volume capability of a request, read but not yet judged.
 *
 * @param fsType the mount capability's fs_type as sent (empty for block, or when not given)
 */
public record RequestedCapability(AccessType accessType, Mode mode, String fsType) {

  /** The file system this capability asks for, if it names one. */
  public Optional<FsType> fileSystem(String field) {
    return FsType.parse(fsType, field);
  }
}
