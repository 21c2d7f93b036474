package dev.simebs.node.fs;

import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.sys.LinuxSystem;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mount flags from a volume capability, split the way mount(2) wants them: generic flags become
 * MS_* bits, the rest is the file-system specific data string. Flags that would change what is
 * mounted where (bind, move, remount ...) are refused.
 */
public record MountOptions(long flags, List<String> data) {

  private static final Map<String, Long> SET =
      Map.ofEntries(
          Map.entry("ro", LinuxSystem.MS_RDONLY),
          Map.entry("nosuid", LinuxSystem.MS_NOSUID),
          Map.entry("nodev", LinuxSystem.MS_NODEV),
          Map.entry("noexec", LinuxSystem.MS_NOEXEC),
          Map.entry("sync", LinuxSystem.MS_SYNCHRONOUS),
          Map.entry("dirsync", LinuxSystem.MS_DIRSYNC),
          Map.entry("noatime", LinuxSystem.MS_NOATIME),
          Map.entry("nodiratime", LinuxSystem.MS_NODIRATIME),
          Map.entry("relatime", LinuxSystem.MS_RELATIME),
          Map.entry("strictatime", LinuxSystem.MS_STRICTATIME),
          Map.entry("lazytime", LinuxSystem.MS_LAZYTIME));
  private static final List<String> DEFAULTS =
      List.of("rw", "suid", "dev", "exec", "async", "atime", "diratime", "defaults");
  private static final List<String> REFUSED =
      List.of("bind", "rbind", "move", "remount", "loop", "shared", "private", "slave");

  public MountOptions {
    data = List.copyOf(data);
  }

  public static MountOptions none() {
    return new MountOptions(0, List.of());
  }

  public static MountOptions parse(List<String> mountFlags) {
    long flags = 0;
    List<String> data = new ArrayList<>();
    for (String entry : mountFlags) {
      for (String flag : entry.split(",")) {
        if (flag.isEmpty() || DEFAULTS.contains(flag)) {
          continue;
        }
        if (!flag.matches("[A-Za-z0-9_.:=-]{1,128}") || REFUSED.contains(flag)) {
          throw Rpc.fail(
              Status.Code.INVALID_ARGUMENT,
              "volume_capability.mount.mount_flags: %s is not allowed",
              flag);
        }
        Long bit = SET.get(flag);
        if (bit != null) {
          flags |= bit;
        } else {
          data.add(flag);
        }
      }
    }
    return new MountOptions(flags, data);
  }

  public boolean readOnly() {
    return (flags & LinuxSystem.MS_RDONLY) != 0;
  }

  /** These options plus {@code extra} data options (e.g. nouuid), as one data string. */
  public String dataWith(List<String> extra) {
    List<String> all = new ArrayList<>(data);
    extra.stream().filter(option -> !all.contains(option)).forEach(all::add);
    return String.join(",", all);
  }
}
