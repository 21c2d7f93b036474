package dev.simebs.node;

import static dev.simebs.node.NodeHarness.MIB;
import static dev.simebs.node.NodeHarness.mount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.LoopDevice;
import dev.simebs.common.sys.LoopDevices;
import dev.simebs.common.testing.HostRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Different volumes are staged in parallel, each on its own loop device. */
class NodeConcurrencyTest {

  private NodeHarness harness;

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "blkid");
    harness = NodeHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void volumesStagedAtTheSameTimeGetTheirOwnLoopDevices() throws Exception {
    List<String> volumes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      volumes.add(harness.newVolume(64 * MIB));
    }

    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> stages = new ArrayList<>();
      for (String volumeId : volumes) {
        stages.add(pool.submit(() -> harness.stage(volumeId, mount("ext4"))));
      }
      for (Future<?> stage : stages) {
        stage.get();
      }
    }

    List<LoopDevice> ours =
        new LoopDevices(new LinuxSystem())
            .bound().stream().filter(d -> d.backingFile().startsWith(harness.root)).toList();
    assertThat(ours).hasSize(volumes.size());
    assertThat(ours.stream().map(LoopDevice::number).distinct()).hasSize(volumes.size());
    volumes.forEach(harness::unstage);
  }
}
