package dev.simebs.common.sys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.testing.HostRequirements;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node scans its loop devices while another request of the same node detaches one: the scan
 * must see that device as bound or as gone, never fail (sysfs answers ENODEV for an attribute
 * removed under its reader; a concurrent NodeUnstage failed with INTERNAL "No such device").
 */
class LoopDevicesScanTest {

  private static final int CYCLES = 1000;

  @TempDir Path dir;

  @Test
  void scansWhileAnotherThreadAttachesAndDetachesNeverFail() throws Exception {
    HostRequirements.assumeLoopDevicesAndMount();
    LoopDevices loops = new LoopDevices(new LinuxSystem());
    Path image = dir.resolve("race.img");
    try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
      raf.setLength(1 << 20);
    }
    Path file = image.toRealPath();
    String label = "simebs-test:scan-race";

    CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < CYCLES; i++) {
        try {
          LoopDevice device = loops.attach(file, false, label);
          try (LoopHandle handle = loops.open(device).orElseThrow()) {
            handle.detach();
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    List<IOException> failures = new ArrayList<>();
    int scans = 0;
    int sawOurs = 0;
    while (!churn.isDone()) {
      try {
        scans++;
        if (loops.bound().stream().anyMatch(d -> d.backingFile().equals(file))) {
          sawOurs++;
        }
        Optional<LoopDevice> bound = loops.boundTo(file, false, label);
        bound.ifPresent(d -> assertThat(d.backingFile()).isEqualTo(file));
      } catch (IOException e) {
        failures.add(e);
      }
    }
    try {
      churn.get();
    } catch (ExecutionException e) {
      throw new AssertionError("the attach/detach thread failed", e.getCause());
    }

    if (!failures.isEmpty()) {
      throw new AssertionError(
          "%d of %d scans failed (%d saw the device); the first:".formatted(failures.size(), scans, sawOurs),
          failures.getFirst());
    }
    assertThat(loops.bound()).noneMatch(d -> d.backingFile().equals(file));
  }
}
