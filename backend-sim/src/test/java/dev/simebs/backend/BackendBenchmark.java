package dev.simebs.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.DeleteVolumeRequest;
import dev.simebs.backend.api.DescribeVolumesRequest;
import dev.simebs.backend.api.DescribeVolumesResponse;
import dev.simebs.backend.api.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measurements, not tests: the name keeps it out of the default run. Run with
 * {@code ./mvnw -B -q -pl backend-sim -am verify -Dtest=BackendBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; numbers go to stdout and docs/backend-sim.md.
 */
class BackendBenchmark {

  @TempDir Path dataDir;

  @Test
  void createDeletePairsAtConcurrency16() throws Exception {
    try (TestBackend backend = TestBackend.open(dataDir)) {
      runPairs(backend, 400); // warm-up
      long start = System.nanoTime();
      List<Long> createNanos = runPairs(backend, 4_000);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("create+delete: %d pairs in %.2f s = %.0f pairs/s at concurrency 16;"
          + " create p50 %.2f ms, p99 %.2f ms%n", 4_000, seconds, 4_000 / seconds,
          percentile(createNanos, 50), percentile(createNanos, 99));
      System.out.println("group commit: " + backend.sim().commitStats());
    }
  }

  private static List<Long> runPairs(TestBackend backend, int pairs) throws Exception {
    ConcurrentLinkedQueue<Long> createNanos = new ConcurrentLinkedQueue<>();
    AtomicInteger left = new AtomicInteger(pairs);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < 16; w++) {
        pool.submit(() -> {
          while (left.getAndDecrement() > 0) {
            long t0 = System.nanoTime();
            Volume v = backend.createVolume(1);
            createNanos.add(System.nanoTime() - t0);
            backend.api().deleteVolume(
                DeleteVolumeRequest.newBuilder().setVolumeId(v.getVolumeId()).build());
          }
          return null;
        });
      }
    }
    assertThat(createNanos).hasSize(pairs);
    return new ArrayList<>(createNanos);
  }

  @Test
  void describeVolumesPagesOf500Over10000Volumes() throws Exception {
    try (TestBackend backend = TestBackend.open(dataDir)) {
      AtomicInteger left = new AtomicInteger(10_000);
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < 16; w++) {
          pool.submit(() -> {
            while (left.getAndDecrement() > 0) {
              backend.createVolume(1);
            }
            return null;
          });
        }
      }
      List<Long> pageNanos = new ArrayList<>();
      for (int pass = 0; pass < 5; pass++) {
        String token = "";
        int total = 0;
        do {
          long t0 = System.nanoTime();
          DescribeVolumesResponse page = backend.api().describeVolumes(DescribeVolumesRequest
              .newBuilder().setMaxResults(500).setNextToken(token).build());
          pageNanos.add(System.nanoTime() - t0);
          total += page.getVolumesCount();
          token = page.getNextToken();
        } while (!token.isEmpty());
        assertThat(total).isEqualTo(10_000);
      }
      System.out.printf("describe volumes: %d pages of 500 over 10,000 volumes: p50 %.2f ms,"
          + " p99 %.2f ms, max %.2f ms%n", pageNanos.size(), percentile(pageNanos, 50),
          percentile(pageNanos, 99), percentile(pageNanos, 100));
    }
  }

  @Test
  void snapshotAndRestoreOf10GibWith10MibWritten() throws IOException {
    try (TestBackend backend = TestBackend.open(dataDir)) {
      Volume volume = backend.createVolume(10);
      try (FileChannel channel = FileChannel.open(Path.of(volume.getBackingFile()),
          StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(new byte[10 << 20]), 3L << 30);
        channel.force(true);
      }
      long t0 = System.nanoTime();
      String snapshotId = backend.snapshot(volume.getVolumeId()).getSnapshotId();
      long t1 = System.nanoTime();
      backend.createVolume(r -> r.setSizeGib(10).setSnapshotId(snapshotId));
      long t2 = System.nanoTime();
      System.out.printf("10 GiB volume with 10 MiB written: snapshot %.1f ms, restore %.1f ms%n",
          (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
  }

  private static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
