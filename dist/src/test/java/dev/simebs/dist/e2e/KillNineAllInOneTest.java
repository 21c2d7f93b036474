package dev.simebs.dist.e2e;

import static dev.simebs.dist.e2e.AllInOneDriver.GIB;
import static dev.simebs.dist.e2e.AllInOneDriver.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.IdentityGrpc;
import csi.v1.ListVolumesRequest;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.ProbeRequest;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import dev.simebs.common.testing.HostRequirements;
import io.grpc.ManagedChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the whole driver with a volume staged and published: after a restart on the same
 * socket and data, the volume is still listed, its mount still serves the data, kubelet's
 * repeated calls succeed, and tearing it down leaves nothing behind.
 */
class KillNineAllInOneTest {

  @TempDir Path dir;

  @Test
  void publishedVolumeSurvivesKillNineAndTearsDownCleanly() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4");
    Path socket = dir.resolve("csi.sock");
    Path data = dir.resolve("data");
    Path log = dir.resolve("driver.log");
    VolumeCapability capability = mount("ext4");

    ChildAllInOne first = ChildAllInOne.start(socket, data, log);
    Volume volume;
    Map<String, String> context;
    Path target;
    try (AllInOneDriver driver = AllInOneDriver.connect(dir, socket)) {
      volume = driver.create("survivor", GIB, capability);
      target = driver.target("p");
      context = driver.attachAndMount(volume, capability, target);
      Files.writeString(target.resolve("before-kill.txt"), "acknowledged and synced");
      try (var channel = FileChannel.open(target.resolve("before-kill.txt"), StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    } finally {
      first.kill();
    }

    ChildAllInOne second = ChildAllInOne.start(socket, data, log);
    try (AllInOneDriver driver = AllInOneDriver.connect(dir, socket)) {
      assertThat(probeReady(socket)).isTrue();
      assertThat(driver.controller.listVolumes(ListVolumesRequest.getDefaultInstance()).getEntriesList())
          .extracting(e -> e.getVolume().getVolumeId())
          .contains(volume.getVolumeId());
      assertThat(Files.readString(target.resolve("before-kill.txt"))).isEqualTo("acknowledged and synced");

      // kubelet repeats what it had asked for: every answer is OK.
      assertThat(driver.attachAndMount(volume, capability, target)).isEqualTo(context);
      assertThat(
              driver.node
                  .nodeGetVolumeStats(
                      NodeGetVolumeStatsRequest.newBuilder()
                          .setVolumeId(volume.getVolumeId())
                          .setVolumePath(target.toString())
                          .build())
                  .getVolumeCondition()
                  .getAbnormal())
          .isFalse();

      driver.tearDown(volume, target);
    } finally {
      assertThat(second.stop()).isZero();
    }
    assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
        .noneMatch(line -> line.contains(dir.toString()));
    assertThat(Files.list(data.resolve("backend/volumes")).toList()).isEmpty();
  }

  private static boolean probeReady(Path socket) {
    ManagedChannel channel = Channels.open(new Endpoint.Unix(socket));
    try {
      return IdentityGrpc.newBlockingStub(channel).probe(ProbeRequest.getDefaultInstance()).getReady().getValue();
    } finally {
      channel.shutdownNow();
    }
  }
}
