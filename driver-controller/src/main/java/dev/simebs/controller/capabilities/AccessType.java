package dev.simebs.controller.capabilities;

/** How a volume is consumed: as a raw block device or through a file system. */
public enum AccessType {
  BLOCK,
  MOUNT
}
