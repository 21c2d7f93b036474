package dev.simebs.ec2;

import dev.simebs.backend.api.CreateVolumeRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * What the EC2 front end costs over the backend it wraps: SDK call latencies for CreateVolume
 * and DescribeVolumes, and a full DescribeVolumes pagination over 2,000 volumes. Measures, does
 * not assert; not part of the build (run it by name, see docs/ec2-api.md).
 */
class Ec2ApiBenchmark {

  @TempDir Path dataDir;

  @Test
  void measure() throws Exception {
    try (Ec2Cloud cloud = Ec2Cloud.start(dataDir)) {
      Ec2Client ec2 = cloud.client();
      for (int i = 0; i < 50; i++) { // warm-up
        ec2.describeVolumes(r -> r.maxResults(5));
      }
      List<Long> empty = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        ec2.describeVolumes(r -> r.maxResults(5));
        empty.add(System.nanoTime() - start);
      }
      List<Long> creates = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        ec2.createVolume(r -> r.availabilityZone("sim-a").size(1));
        creates.add(System.nanoTime() - start);
      }
      List<Long> grpcCreates = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        cloud.backend().createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1)
            .setZone("sim-a").build());
        grpcCreates.add(System.nanoTime() - start);
      }
      for (int i = 0; i < 1600; i++) {
        cloud.backend().createVolume(CreateVolumeRequest.newBuilder().setSizeGib(1)
            .setZone("sim-a").build());
      }
      List<Long> describes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        ec2.describeVolumes(r -> r.maxResults(500));
        describes.add(System.nanoTime() - start);
      }
      List<Long> paginations = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        long count = ec2.describeVolumesPaginator(r -> r.maxResults(500)).volumes().stream()
            .count();
        paginations.add(System.nanoTime() - start);
        if (count != 2000) {
          throw new IllegalStateException("paged " + count + " volumes");
        }
      }
      System.out.printf("DescribeVolumes answering nothing (the fixed cost): %s%n",
          summary(empty));
      System.out.printf("CreateVolume via EC2 (SDK, sequential): %s%n", summary(creates));
      System.out.printf("CreateVolume via backend gRPC (in-process): %s%n",
          summary(grpcCreates));
      System.out.printf("DescribeVolumes, a page of 500 of 2000: %s%n", summary(describes));
      System.out.printf("All 2000 volumes in pages of 500 (4 calls): %s%n",
          summary(paginations));
    }
  }

  private static String summary(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return "p50 %.1f ms, p90 %.1f ms, max %.1f ms (n=%d)".formatted(
        sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 9 / 10) / 1e6,
        sorted.getLast() / 1e6, sorted.size());
  }
}
