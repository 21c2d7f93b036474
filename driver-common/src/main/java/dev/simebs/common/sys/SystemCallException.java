package dev.simebs.common.sys;

import java.io.IOException;

/** A failed system call, with its errno so callers can tell EBUSY from EINVAL. */
public class SystemCallException extends IOException {

  private final String call;
  private final int errno;
  private final String description;

  public SystemCallException(String call, int errno, String description) {
    super(call + " failed: " + description + " (errno " + errno + ")");
    this.call = call;
    this.errno = errno;
    this.description = description;
  }

  public int errno() {
    return errno;
  }

  /** What the kernel said, e.g. "No such file or directory". */
  public String description() {
    return description;
  }

  /** The same failure with the kernel's own explanation added, if it gave one. */
  SystemCallException withDetail(String detail) {
    return detail.isEmpty() ? this : new SystemCallException(call, errno, description + ": " + detail);
  }
}
