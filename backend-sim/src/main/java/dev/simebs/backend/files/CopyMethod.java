package dev.simebs.backend.files;

import java.util.Arrays;

/**
 * How the volume store copies an image. A reflink (FICLONE) shares the source's blocks in one
 * atomic step, after the kernel has flushed the source's dirty pages, so the copy is the file at
 * one instant even while a loop device writes it. An extent copy reads the allocated extents one
 * after another, so it is one instant only if nothing writes the source meanwhile.
 */
public enum CopyMethod {
  REFLINK(1),
  EXTENTS(2);

  private final int code;

  CopyMethod(int code) {
    this.code = code;
  }

  /** The value stored in the database. */
  public int code() {
    return code;
  }

  public static CopyMethod ofCode(int code) {
    return Arrays.stream(values())
        .filter(m -> m.code == code)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown copy method " + code));
  }
}
