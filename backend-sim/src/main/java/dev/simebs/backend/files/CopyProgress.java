package dev.simebs.backend.files;

/** What a running copy reports, and how it learns that it should stop. */
public interface CopyProgress {

  /** {@code done} of {@code total} bytes are copied. */
  void copied(long done, long total);

  /** True once the copy's target was deleted: the copy stops at the next extent boundary. */
  boolean cancelled();

  /** Thrown by a copy that stopped because it was cancelled. */
  final class Cancelled extends java.io.IOException {
    public Cancelled(String what) {
      super("copy into " + what + " cancelled");
    }
  }
}
