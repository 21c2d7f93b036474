package dev.simebs.common.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A mount namespace of its own, as each kind worker has: it shares this machine's kernel, {@code
 * /dev} and files, but mounts made inside are invisible outside and the other way round
 * (propagation private). A {@code cat} started under {@code unshare --mount} holds it, reading a
 * pipe from this JVM: when this JVM goes, cat sees the end of its input and exits, and the
 * namespace goes with its mounts.
 */
public final class MountNamespace implements AutoCloseable {

  private final Process holder;

  private MountNamespace(Process holder) {
    this.holder = holder;
  }

  /** Makes a namespace; needs root and util-linux's unshare and nsenter. */
  public static MountNamespace create() throws IOException {
    Process holder =
        new ProcessBuilder(
                "unshare", "--mount", "--propagation", "private",
                "sh", "-c", "echo entered; exec cat")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    // The line comes once the namespace exists; from then on cat holds it under the same pid.
    if (!"entered".equals(out.readLine())) {
      holder.destroyForcibly();
      throw new IOException("unshare --mount failed to make a mount namespace");
    }
    return new MountNamespace(holder);
  }

  /** The process holding the namespace. */
  public long pid() {
    return holder.pid();
  }

  /** {@code path} as seen inside the namespace (through {@code /proc/<pid>/root}). */
  public Path inside(Path path) {
    return Path.of("/proc", Long.toString(pid()), "root").resolve(Path.of("/").relativize(path));
  }

  /** The namespace's mount table, in /proc/self/mountinfo's format. */
  public Path mountInfo() {
    return Path.of("/proc", Long.toString(pid()), "mountinfo");
  }

  /** {@code command} run inside the namespace (through nsenter). */
  public List<String> command(List<String> command) {
    List<String> entered =
        new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid()), "--mount", "--"));
    entered.addAll(command);
    return entered;
  }

  /**
   * Lets the namespace go: its mounts go once no process is left in it (stop what runs inside
   * first).
   */
  @Override
  public void close() throws InterruptedException {
    try {
      holder.getOutputStream().close();
    } catch (IOException e) {
      holder.destroy();
    }
    if (!holder.waitFor(30, TimeUnit.SECONDS)) {
      holder.destroyForcibly().waitFor();
    }
  }
}
