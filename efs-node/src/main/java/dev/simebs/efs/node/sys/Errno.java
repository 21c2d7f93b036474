package dev.simebs.efs.node.sys;

import java.io.IOException;

/** A failed system call and its errno, which a FUSE server hands back to the kernel as is. */
public final class Errno extends IOException {

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EIO = 5;
  public static final int EBADF = 9;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int EROFS = 30;
  public static final int ENOSYS = 38;
  public static final int ELOOP = 40;
  public static final int EOPNOTSUPP = 95;
  public static final int ENOTCONN = 107;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;

  private final int errno;

  public Errno(String call, String what, int errno) {
    super(call + (what.isEmpty() ? "" : "(" + what + ")") + " failed with errno " + errno);
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }
}
