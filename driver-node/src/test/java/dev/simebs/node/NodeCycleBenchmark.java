package dev.simebs.node;

import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.mount;

import csi.v1.VolumeCapability;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures the node's share of a volume cycle over the real socket: stage (loop device, mkfs,
 * mount), publish, unpublish, unstage (unmount, detach). Not a test: run its main by hand, e.g.
 * {@code java -cp <test classpath> dev.simebs.node.NodeCycleBenchmark 50 ext4}.
 */
public final class NodeCycleBenchmark {

  private NodeCycleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String fsType = args.length > 1 ? args[1] : "ext4";
    long size = fsType.equals("xfs") ? 320 * MIB : 1024 * MIB;
    VolumeCapability capability = mount(fsType);
    long[] stage = new long[cycles];
    long[] total = new long[cycles];
    try (NodeHarness harness = NodeHarness.start()) {
      for (int i = 0; i < cycles; i++) {
        String volumeId = harness.newVolume(size);
        Path target = harness.target(volumeId, "pod");
        long start = System.nanoTime();
        harness.stage(volumeId, capability);
        stage[i] = System.nanoTime() - start;
        harness.publish(volumeId, capability, target, false);
        harness.unpublish(volumeId, target);
        harness.unstage(volumeId);
        total[i] = System.nanoTime() - start;
      }
    }
    System.out.printf(
        "%d %s cycles of a %d MiB volume: stage p50 %.1f ms, p90 %.1f ms; "
            + "stage+publish+unpublish+unstage p50 %.1f ms, p90 %.1f ms%n",
        cycles, fsType, size / MIB, pct(stage, 50), pct(stage, 90), pct(total, 50), pct(total, 90));
  }

  private static double pct(long[] nanos, int percentile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
  }
}
