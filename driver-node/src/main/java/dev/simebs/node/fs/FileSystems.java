package dev.simebs.node.fs;

import dev.simebs.common.fs.FsType;
import dev.simebs.common.sys.ToolException;
import dev.simebs.common.sys.ToolJobs;
import dev.simebs.common.sys.ToolRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Probes, formats and grows file systems on block devices, through the tools that own them. Probes
 * run with a timeout; everything that writes a file system runs as a {@link ToolJobs} job, to its
 * end.
 */
public final class FileSystems {

  /** What a device holds. */
  public sealed interface Content {
    /**
     * Nothing blkid recognises: safe to format.
     *
     * @param readsZero true when every byte is known to read as zero (a never-written sparse file),
     *     so mkfs need not zero anything itself
     */
    record Blank(boolean readsZero) implements Content {}

    /** A file system, partition table or other signature, named as blkid names it. */
    record Formatted(String type) implements Content {}
  }

  private static final int BLKID_NOTHING_FOUND = 2;
  // 1: errors corrected; 2: corrected, reboot advised (irrelevant for an unmounted volume).
  private static final int E2FSCK_CORRECTED = 2;
  private static final long GROW_THRESHOLD_BYTES = 1L << 20;

  private final ToolRunner tools;
  private final ToolJobs jobs;

  public FileSystems(ToolRunner tools, ToolJobs jobs) {
    this.tools = tools;
    this.jobs = jobs;
  }

  public Content probe(String device) throws ToolException, InterruptedException {
    ToolRunner.Result result = tools.run(List.of("blkid", "-p", "-o", "export", device));
    if (result.exitCode() == BLKID_NOTHING_FOUND) {
      return new Content.Blank(false);
    }
    if (result.exitCode() != 0) {
      throw new ToolException(
          result.command(), "exited with " + result.exitCode() + ": " + result.stderr().strip());
    }
    Map<String, String> tags = new HashMap<>();
    for (String line : result.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        tags.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (tags.containsKey("TYPE")) {
      return new Content.Formatted(tags.get("TYPE"));
    }
    if (tags.containsKey("PTTYPE")) {
      return new Content.Formatted("partition table " + tags.get("PTTYPE"));
    }
    return new Content.Formatted("unknown signature " + tags);
  }

  /**
   * Formats {@code device}. On a device that reads as zeros, ext file systems skip zeroing their
   * journal and inode tables (32 MiB of a 1 GiB volume that would otherwise be allocated in the
   * sparse file, and copied by every snapshot); e2fsprogs before 1.47 lack that option, so then the
   * format runs without it.
   */
  public void format(FsType type, MkfsOptions options, String device, boolean readsZero)
      throws IOException, InterruptedException {
    try {
      jobs.check(device, options.command(type, device, readsZero), ToolJobs.Memory.SMALL);
    } catch (ToolException e) {
      if (!readsZero || !e.getMessage().contains(MkfsOptions.PREZEROED)) {
        throw e;
      }
      jobs.check(device, options.command(type, device, false), ToolJobs.Memory.SMALL);
    }
  }

  /**
   * True when the unmounted file system of {@code type} on {@code device} is smaller than the
   * device (the volume was expanded while not staged, restored or cloned into a larger size, or
   * online growth was not permitted). Cheap: only the superblock is read.
   */
  public boolean smallerThanDevice(FsType type, String device, long deviceBytes)
      throws IOException {
    long fileSystemBytes =
        switch (type) {
          case EXT4, EXT3 -> ExtSuperblock.read(Path.of(device)).sizeBytes();
          case XFS -> XfsSuperblock.read(Path.of(device)).sizeBytes();
        };
    return deviceBytes - fileSystemBytes >= GROW_THRESHOLD_BYTES;
  }

  /**
   * Grows the unmounted ext file system on {@code device} to fill it. (xfs only grows mounted:
   * {@link #grow}.)
   */
  public void growUnmountedExt(String device) throws IOException, InterruptedException {
    // resize2fs refuses a file system that was not checked since it was last mounted.
    ToolRunner.Result check =
        jobs.run(device, List.of("e2fsck", "-f", "-p", device), ToolJobs.Memory.LARGE);
    if (check.exitCode() > E2FSCK_CORRECTED) {
      throw new ToolException(
          check.command(), "exited with " + check.exitCode() + ": " + check.stderr().strip());
    }
    jobs.check(device, List.of("resize2fs", device), ToolJobs.Memory.LARGE);
  }

  /**
   * Grows the mounted file system on {@code device} to fill it. Growing to the same size is fine.
   */
  public void grow(FsType type, String device, Path mountPoint)
      throws IOException, InterruptedException {
    switch (type) {
      // Online: the kernel does the work, the tool's memory stays small.
      case EXT4, EXT3 -> jobs.check(device, List.of("resize2fs", device), ToolJobs.Memory.SMALL);
      case XFS ->
          jobs.check(
              device, List.of("xfs_growfs", "-d", mountPoint.toString()), ToolJobs.Memory.SMALL);
    }
  }
}
