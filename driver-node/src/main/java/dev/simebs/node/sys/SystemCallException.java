package dev.simebs.node.sys;

import java.io.IOException;

/** A failed system call, with its errno so callers can tell EBUSY from EINVAL. */
public final class SystemCallException extends IOException {

  private final int errno;

  public SystemCallException(String call, int errno, String description) {
    super(call + " failed: " + description + " (errno " + errno + ")");
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }
}
