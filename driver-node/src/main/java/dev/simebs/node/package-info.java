/**
 * The CSI Node service: {@link dev.simebs.node.NodePlugin} wires it, {@link
 * dev.simebs.node.NodeCommand} serves it as {@code simebs node}. Sub-packages: {@code request}
 * (validation), {@code volume} (stage, publish, expand, stats), {@code device} (which loop
 * devices are this node's, who may release one, raw-block holds), {@code fs} (probe, mkfs, grow),
 * {@code sys} (the one class for system calls, the one for tools, and tool jobs that run to their
 * end), {@code ephemeral}, {@code reconcile}, {@code zone}. See docs/node.md.
 */
package dev.simebs.node;
