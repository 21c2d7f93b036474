package dev.simebs.bench.scenario;

/** How volumes are consumed on the node: a mounted file system or a raw block device. */
public enum AccessType {
  mount,
  block
}
