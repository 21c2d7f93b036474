package dev.simebs.common.sys;

import java.io.IOException;
import java.util.List;

/**
 * The caller stopped waiting for a tool that rewrites a file system; the tool runs on to its end,
 * and a repeat of the operation waits for it.
 */
public final class ToolStillRunningException extends IOException {

  public ToolStillRunningException(String device, List<String> command) {
    super(
        String.join(" ", command)
            + " is still running on "
            + device
            + " (a tool that rewrites a file system is never stopped halfway); retry, and the"
            + " retry waits for it");
  }
}
