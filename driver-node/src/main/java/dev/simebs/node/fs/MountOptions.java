package dev.simebs.node.fs;

import dev.simebs.common.fs.FsType;
import dev.simebs.common.sys.MountFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mount options of a volume capability, split the way the kernel takes them: generic flags (some
 * per mount, some for the whole file system) and file-system options. Only options on a documented
 * list are accepted (see docs/node.md): anything else could hand a pod author control over the
 * host, e.g. {@code errors=panic}, an external journal device, or a move of some other mount.
 *
 * @param flags generic flags such as {@code ro} or {@code nosuid}
 * @param data file-system options, {@code key} or {@code key=value}
 */
public record MountOptions(Set<MountFlag> flags, List<String> data) {

  /** What one option of a request is. */
  public sealed interface Option {
    /** A generic flag. */
    record Flag(MountFlag flag) implements Option {}

    /** An option of the file system, for the types listed. */
    record FileSystem(String option, Set<FsType> types) implements Option {}

    /** A default that changes nothing, e.g. {@code rw} or {@code defaults}. */
    record NoOp() implements Option {}

    /** Not allowed, and why. */
    record Refused(String why) implements Option {}
  }

  private static final Set<String> NO_OPS =
      Set.of("rw", "suid", "dev", "exec", "async", "atime", "diratime", "defaults", "nolazytime");

  /** The options one file system takes: flags, and keys with the pattern of their value. */
  private record Allowed(Set<String> flags, Map<String, Pattern> values) {

    boolean allows(String option) {
      int eq = option.indexOf('=');
      if (eq < 0) {
        return flags.contains(option);
      }
      Pattern value = values.get(option.substring(0, eq));
      return value != null && value.matcher(option.substring(eq + 1)).matches();
    }
  }

  private static final Allowed EXT =
      allowed(
          "acl noacl user_xattr nouser_xattr barrier nobarrier discard nodiscard auto_da_alloc"
              + " noauto_da_alloc delalloc nodelalloc journal_checksum nojournal_checksum"
              + " init_itable noinit_itable block_validity noblock_validity dioread_lock"
              + " dioread_nolock nombcache i_version quota noquota usrquota grpquota prjquota",
          Map.of(
              "data", "ordered|writeback|journal",
              "errors", "continue|remount-ro",
              "barrier", "[01]",
              "commit", "[0-9]{1,5}",
              "stripe", "[0-9]{1,9}",
              "inode_readahead_blks", "[0-9]{1,10}",
              "max_batch_time", "[0-9]{1,9}",
              "min_batch_time", "[0-9]{1,9}",
              "init_itable", "[0-9]{1,3}",
              "journal_ioprio", "[0-7]"));

  private static final Allowed XFS =
      allowed(
          "nouuid discard nodiscard inode32 inode64 largeio nolargeio swalloc noalign wsync"
              + " filestreams grpid nogrpid bsdgroups sysvgroups quota noquota uquota usrquota"
              + " uqnoenforce gquota grpquota gqnoenforce pquota prjquota pqnoenforce",
          Map.of(
              "allocsize", "[0-9]{1,10}[kKmMgG]?",
              "logbufs", "[0-9]{1,2}",
              "logbsize", "[0-9]{1,7}[kK]?",
              "sunit", "[0-9]{1,10}",
              "swidth", "[0-9]{1,10}"));

  /** Options refused for a reason worth telling. */
  private static final Map<String, String> DANGEROUS =
      Map.ofEntries(
          Map.entry("errors=panic", "it would let a file-system error crash the host"),
          Map.entry("journal_dev", "it names a host device"),
          Map.entry("journal_path", "it names a host path"),
          Map.entry("logdev", "it names a host device"),
          Map.entry("rtdev", "it names a host device"),
          Map.entry("noload", "a file system mounted without its journal can be corrupted"),
          Map.entry("norecovery", "a file system mounted without its journal can be corrupted"),
          Map.entry("dax", "it maps host memory"),
          Map.entry("bind", "it would mount something else"),
          Map.entry("rbind", "it would mount something else"),
          Map.entry("move", "it would move another mount"),
          Map.entry("remount", "it would change another mount"),
          Map.entry("loop", "the node attaches devices itself"),
          Map.entry("shared", "propagation is the node's to decide"),
          Map.entry("rshared", "propagation is the node's to decide"),
          Map.entry("private", "propagation is the node's to decide"),
          Map.entry("slave", "propagation is the node's to decide"));

  public MountOptions {
    flags = flags.isEmpty() ? EnumSet.noneOf(MountFlag.class) : EnumSet.copyOf(flags);
    data = List.copyOf(data);
  }

  public static MountOptions none() {
    return new MountOptions(Set.of(), List.of());
  }

  /**
   * What {@code option} is for a file system of {@code type} (any type the node knows, when the
   * type is not known yet).
   */
  public static Option classify(String option, Optional<FsType> type) {
    if (NO_OPS.contains(option)) {
      return new Option.NoOp();
    }
    for (MountFlag flag : MountFlag.values()) {
      if (flag.option().equals(option)) {
        return new Option.Flag(flag);
      }
    }
    String key = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
    String danger = DANGEROUS.getOrDefault(option, DANGEROUS.get(key));
    if (danger != null) {
      return new Option.Refused("is not allowed: " + danger);
    }
    Set<FsType> types = EnumSet.noneOf(FsType.class);
    for (FsType candidate : type.map(Set::of).orElse(Set.of(FsType.values()))) {
      if (allows(candidate, option)) {
        types.add(candidate);
      }
    }
    if (types.isEmpty()) {
      return new Option.Refused(
          "is not an allowed mount option"
              + type.map(t -> " of " + t.fsName()).orElse("")
              + " (see docs/node.md for the list)");
    }
    return new Option.FileSystem(option, types);
  }

  /** True when {@code option} is on the list for file systems of {@code type}. */
  static boolean allows(FsType type, String option) {
    return switch (type) {
      case EXT4, EXT3 -> EXT.allows(option);
      case XFS -> XFS.allows(option);
    };
  }

  /** The first file-system option that {@code type} does not take, if any. */
  public Optional<String> firstRefusedBy(FsType type) {
    return data.stream().filter(option -> !allows(type, option)).findFirst();
  }

  public boolean readOnly() {
    return flags.contains(MountFlag.READ_ONLY);
  }

  /** The flags one mount can carry (for a bind mount of the staged file system). */
  public Set<MountFlag> perMountFlags() {
    Set<MountFlag> perMount = EnumSet.noneOf(MountFlag.class);
    flags.stream().filter(MountFlag::perMount).forEach(perMount::add);
    return perMount;
  }

  /** These file-system options plus {@code extra} ones (e.g. nouuid), each once. */
  public List<String> dataWith(List<String> extra) {
    List<String> all = new ArrayList<>(data);
    extra.stream().filter(option -> !all.contains(option)).forEach(all::add);
    return all;
  }

  private static Allowed allowed(String flags, Map<String, String> values) {
    Map<String, Pattern> patterns = new HashMap<>();
    values.forEach((key, pattern) -> patterns.put(key, Pattern.compile(pattern)));
    return new Allowed(Set.of(flags.split(" ")), Map.copyOf(patterns));
  }
}
