package dev.simebs.node.request;

import dev.simebs.common.fs.FsType;
import dev.simebs.node.fs.MkfsOptions;
import dev.simebs.node.fs.MountOptions;
import java.util.Optional;

/**
 * How a volume is to be used on the node, as a checked volume capability says: as a raw block
 * device or as a mounted file system. {@link AccessRules} makes these from requests.
 */
public sealed interface Access {

  /** True when the access mode only allows reading. */
  boolean readerOnly();

  /** The device itself, bound onto a file. */
  record Block(boolean readerOnly) implements Access {}

  /**
   * A file system mounted on a directory.
   *
   * @param requested the type the request names, if any: an existing file system must match it
   * @param options mount options, each on the allowed list for the requested type (or for some
   *     type the node knows, when none is named)
   * @param mkfs options for formatting a blank device
   */
  record Filesystem(
      Optional<FsType> requested, MountOptions options, MkfsOptions mkfs, boolean readerOnly)
      implements Access {

    /** What a blank device is formatted with. */
    public FsType forFormatting() {
      return requested.orElse(FsType.EXT4);
    }
  }
}
