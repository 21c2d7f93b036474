package dev.simebs.node.fs;

import dev.simebs.node.sys.ToolException;
import dev.simebs.node.sys.ToolRunner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Probes, formats and grows file systems on block devices, through the tools that own them. */
public final class FileSystems {

  /** What a device holds. */
  public sealed interface Content {
    /** Nothing blkid recognises: safe to format. */
    record Blank() implements Content {}

    /** A file system, partition table or other signature, named as blkid names it. */
    record Formatted(String type) implements Content {}
  }

  private static final int BLKID_NOTHING_FOUND = 2;

  private final ToolRunner tools;

  public FileSystems(ToolRunner tools) {
    this.tools = tools;
  }

  public Content probe(String device) throws ToolException, InterruptedException {
    ToolRunner.Result result = tools.run(List.of("blkid", "-p", "-o", "export", device));
    if (result.exitCode() == BLKID_NOTHING_FOUND) {
      return new Content.Blank();
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

  public void format(FsType type, MkfsOptions options, String device)
      throws ToolException, InterruptedException {
    tools.check(options.command(type, device));
  }

  /** Grows the mounted file system on {@code device} to fill it. Growing to the same size is fine. */
  public void grow(FsType type, String device, Path mountPoint)
      throws ToolException, InterruptedException {
    switch (type) {
      case EXT4, EXT3 -> tools.check(List.of("resize2fs", device));
      case XFS -> tools.check(List.of("xfs_growfs", "-d", mountPoint.toString()));
    }
  }
}
