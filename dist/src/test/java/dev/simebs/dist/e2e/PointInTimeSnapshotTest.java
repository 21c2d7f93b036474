package dev.simebs.dist.e2e;

import static dev.simebs.dist.e2e.AllInOneDriver.GIB;
import static dev.simebs.dist.e2e.AllInOneDriver.block;
import static dev.simebs.dist.e2e.AllInOneDriver.fromSnapshot;
import static dev.simebs.dist.e2e.AllInOneDriver.mount;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.GetSnapshotRequest;
import csi.v1.Snapshot;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import dev.simebs.common.VolumeContextKeys;
import dev.simebs.common.testing.HostRequirements;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, part 2: a snapshot is one instant of its volume even while a pod writes it. A writer
 * appends numbered, checksummed 4 KiB records without pause (each made durable before the next)
 * to a file on a mounted ext4 or xfs volume, or to a raw block volume; twenty snapshots are taken
 * meanwhile, each restored into a new volume and staged as a pod would. Every restore must hold an
 * unbroken prefix of the records, at least as long as what was acknowledged before the snapshot
 * was asked for, nothing after that prefix, and (mounted kinds) pass {@code fsck -n} after the
 * mount replayed its journal.
 */
class PointInTimeSnapshotTest {

  private static final int ROUNDS = 20;
  private static final int RECORD = 4096;
  private static final byte[] MAGIC = "SIMEBSRC".getBytes(StandardCharsets.US_ASCII);
  /** Raw block: records after the prefix that must still be zero (never written at the cut). */
  private static final int ZERO_TAIL = 256;

  @TempDir Path dir;
  private AllInOneDriver driver;
  private final List<Runnable> cleanups = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    HostRequirements.assumeTools("mkfs.ext4", "mkfs.xfs", "e2fsck", "xfs_repair", "findmnt");
    driver = AllInOneDriver.start(dir);
    assertThat(driver.volumeStore()).as("volume store").contains("point-in-time")
        .doesNotContain("NOT point-in-time");
  }

  @AfterEach
  void stop() {
    for (Runnable cleanup : cleanups.reversed()) {
      try {
        cleanup.run();
      } catch (RuntimeException e) {
        System.err.println("cleanup after a failed test: " + e);
      }
    }
    if (driver != null) {
      driver.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs", "block"})
  void everySnapshotOfAVolumeBeingWrittenIsAnUnbrokenPrefixOfItsRecords(String kind)
      throws Exception {
    VolumeCapability capability = kind.equals("block") ? block() : mount(kind);
    Volume source = driver.create("written-" + kind, GIB, capability);
    Path target = driver.target("writer");
    driver.attachAndMount(source, capability, target);
    cleanups.add(() -> driver.tearDown(source, target));
    Path records = kind.equals("block") ? target : target.resolve("records");

    int[] lengths = new int[ROUNDS];
    try (RecordWriter writer = RecordWriter.start(records, kind.equals("block"))) {
      for (int round = 0; round < ROUNDS; round++) {
        writer.awaitMore();
        long acknowledged = writer.acknowledged();
        Snapshot snapshot = driver.snapshot("cut-" + kind + "-" + round, source.getVolumeId());
        lengths[round] = checkRestore(kind, capability, awaitReady(snapshot), acknowledged, round);
        driver.deleteSnapshot(snapshot.getSnapshotId());
      }
      writer.failure().ifPresent(failure -> {
        throw new AssertionError("the writer failed", failure);
      });
    }
    System.out.printf("%s: %d snapshots under a running writer, all point-in-time; records in"
        + " them from %d to %d%n", kind, ROUNDS, lengths[0], lengths[ROUNDS - 1]);
  }

  /**
   * A snapshot in a reflink store makes the volume's file share blocks, and xfs then asks direct
   * I/O for whole 4 KiB blocks of it: the volume must still present the 512-byte sectors its file
   * system was made on, and mount again.
   */
  @org.junit.jupiter.api.Test
  void anXfsVolumeMountsAgainAfterItsSnapshotMadeItsFileShared() throws Exception {
    VolumeCapability capability = mount("xfs");
    Volume volume = driver.create("shared-xfs", GIB, capability);
    Path target = driver.target("shared");
    driver.attachAndMount(volume, capability, target);
    cleanups.add(() -> driver.tearDown(volume, target));
    java.nio.file.Files.writeString(target.resolve("kept.txt"), "still here");
    Snapshot snapshot = awaitReady(driver.snapshot("shares-blocks", volume.getVolumeId()));

    driver.unmount(volume, target);
    driver.stage(volume, driver.controllerPublish(volume, capability, false), capability);
    driver.publish(volume, driver.controllerPublish(volume, capability, false), capability, target,
        false);

    assertThat(java.nio.file.Files.readString(target.resolve("kept.txt"))).isEqualTo("still here");
    driver.deleteSnapshot(snapshot.getSnapshotId());
  }

  /** Restores the snapshot, checks what a pod would see, checks the file system; the prefix. */
  private int checkRestore(String kind, VolumeCapability capability, Snapshot snapshot,
      long acknowledged, int round) throws Exception {
    Volume restored = driver.create("restored-" + kind + "-" + round, GIB, capability,
        fromSnapshot(snapshot.getSnapshotId()));
    Path target = driver.target("reader-" + round);
    Map<String, String> context = driver.attachAndMount(restored, capability, target);
    Runnable release = () -> driver.tearDown(restored, target);
    cleanups.add(release);
    int prefix = kind.equals("block")
        ? blockPrefix(target)
        : filePrefix(target.resolve("records"));
    assertThat((long) prefix).as("round %d: records in the snapshot vs acknowledged before it",
        round).isGreaterThanOrEqualTo(acknowledged);
    driver.unmount(restored, target);
    cleanups.remove(release);
    cleanups.add(() -> driver.detachAndDelete(restored));
    if (!kind.equals("block")) {
      fsck(kind, Path.of(context.get(VolumeContextKeys.BACKING_FILE)), round);
    }
    driver.detachAndDelete(restored);
    cleanups.removeLast();
    return prefix;
  }

  private Snapshot awaitReady(Snapshot snapshot) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    Snapshot current = snapshot;
    while (!current.getReadyToUse()) {
      assertThat(System.nanoTime()).as("snapshot ready in time").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // a poll interval, as a client's
      current = driver.controller.getSnapshot(GetSnapshotRequest.newBuilder()
          .setSnapshotId(snapshot.getSnapshotId()).build()).getSnapshot();
    }
    return current;
  }

  /** A file's records: all whole, all valid, numbered from 0 with no gap. */
  private static int filePrefix(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      assertThat(size % RECORD).as("size of %s is whole records", file).isZero();
      int count = (int) (size / RECORD);
      ByteBuffer record = ByteBuffer.allocate(RECORD);
      for (int i = 0; i < count; i++) {
        read(channel, record, (long) i * RECORD);
        assertThat(isRecord(record.array(), i)).as("record %d of %d", i, count).isTrue();
      }
      return count;
    }
  }

  /** A device's records: valid from 0 up to the first one that is not, then only zeros. */
  private static int blockPrefix(Path device) throws IOException {
    try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
      ByteBuffer record = ByteBuffer.allocate(RECORD);
      int prefix = 0;
      while (true) {
        read(channel, record, (long) prefix * RECORD);
        if (!isRecord(record.array(), prefix)) {
          break;
        }
        prefix++;
      }
      for (int i = prefix; i < prefix + ZERO_TAIL; i++) {
        read(channel, record, (long) i * RECORD);
        assertThat(isZero(record.array())).as("block %d after a prefix of %d", i, prefix)
            .isTrue();
      }
      return prefix;
    }
  }

  private static void fsck(String fsType, Path image, int round) throws Exception {
    List<String> command = fsType.equals("xfs")
        ? List.of("xfs_repair", "-n", "-f", image.toString())
        : List.of("e2fsck", "-f", "-n", image.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("round %d: %s said%n%s", round, command, output).isZero();
  }

  private static void read(FileChannel channel, ByteBuffer buffer, long offset)
      throws IOException {
    buffer.clear();
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        break;
      }
    }
    while (buffer.hasRemaining()) {
      buffer.put((byte) 0);
    }
  }

  static byte[] record(long index) {
    ByteBuffer record = ByteBuffer.allocate(RECORD);
    record.putLong(index).put(MAGIC);
    byte[] payload = new byte[RECORD - 8 - MAGIC.length - 8];
    new SplittableRandom(index).nextBytes(payload);
    record.put(payload);
    CRC32C crc = new CRC32C();
    crc.update(record.array(), 0, RECORD - 8);
    record.putLong(crc.getValue());
    return record.array();
  }

  private static boolean isRecord(byte[] bytes, long index) {
    return java.util.Arrays.equals(bytes, record(index));
  }

  private static boolean isZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Appends records without pause, each forced to the device before the next is written; what
   * was forced is acknowledged.
   */
  private static final class RecordWriter implements AutoCloseable {
    private final FileChannel channel;
    private final boolean block;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private final Thread thread;

    private RecordWriter(FileChannel channel, boolean block) {
      this.channel = channel;
      this.block = block;
      this.thread = Thread.ofPlatform().name("record-writer").start(this::run);
    }

    static RecordWriter start(Path target, boolean block) throws IOException {
      FileChannel channel = block
          ? FileChannel.open(target, StandardOpenOption.WRITE)
          : FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
      return new RecordWriter(channel, block);
    }

    private void run() {
      try {
        for (long i = 0; !stopping; i++) {
          ByteBuffer record = ByteBuffer.wrap(record(i));
          while (record.hasRemaining()) {
            if (block) {
              channel.write(record, i * RECORD + record.position());
            } else {
              channel.write(record);
            }
          }
          channel.force(false);
          acknowledged.set(i + 1);
        }
      } catch (IOException | RuntimeException e) {
        failure.set(e);
      }
    }

    long acknowledged() {
      return acknowledged.get();
    }

    /** Returns once a few more records are durable, so every snapshot cuts a growing file. */
    void awaitMore() {
      long target = acknowledged.get() + 8;
      while (acknowledged.get() < target && failure.get() == null && thread.isAlive()) {
        LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
      }
    }

    java.util.Optional<Throwable> failure() {
      return java.util.Optional.ofNullable(failure.get());
    }

    @Override
    public void close() throws IOException {
      stopping = true;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      channel.close();
    }
  }
}
