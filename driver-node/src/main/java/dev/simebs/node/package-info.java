/**
 * The CSI Node service: {@link dev.simebs.node.NodePlugin} wires it, {@link
 * dev.simebs.node.NodeCommand} serves it as {@code simebs node}. Sub-packages: {@code request}
 * (validation), {@code volume} (stage, publish, expand, stats), {@code fs} (probe, mkfs, grow),
 * {@code sys} (the one class for system calls and the one for tools), {@code ephemeral}, {@code
 * reconcile}, {@code zone}. See docs/node.md.
 */
package dev.simebs.node;
