package dev.simebs.common.sys;

import java.io.IOException;
import java.util.List;

/** An external tool failed to start, timed out or exited with an error. */
public final class ToolException extends IOException {

  public ToolException(List<String> command, String what) {
    super(String.join(" ", command) + " " + what);
  }
}
