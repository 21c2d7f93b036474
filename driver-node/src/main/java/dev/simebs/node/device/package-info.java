/**
 * Which loop devices are this node's ({@link dev.simebs.node.device.LoopOwner}, the label the
 * kernel keeps for each device), who may let go of one ({@link
 * dev.simebs.node.device.DeviceRelease}: the node that bound it, unused there, with the backend's
 * consent), and the open holds that keep a raw-block device's number from being reused ({@link
 * dev.simebs.node.device.BlockHolds}). Every node of a kind cluster shares one kernel but not its
 * mounts; this package is why one node never touches another's devices. See docs/node.md.
 */
package dev.simebs.node.device;
