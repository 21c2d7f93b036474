package dev.simebs.common.sys;

import java.nio.file.Path;

/**
 * An open O_PATH file descriptor: a reference to one file-system object that no later rename or
 * link can redirect. The node checks what a handle refers to and then acts on the handle, so the
 * object it checked is the object it uses. Only {@link LinuxSystem} opens handles.
 */
public final class PathHandle implements AutoCloseable {

  /** The kinds of file-system object the node tells apart. */
  public enum FileKind {
    DIRECTORY("a directory"),
    REGULAR_FILE("a regular file"),
    SYMBOLIC_LINK("a symbolic link"),
    BLOCK_DEVICE("a block device"),
    OTHER("a special file (device, FIFO or socket)");

    private final String description;

    FileKind(String description) {
      this.description = description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private final int fd;
  private final Path path;
  private final FileKind kind;
  private final LinuxSystem system;

  PathHandle(int fd, Path path, FileKind kind, LinuxSystem system) {
    this.fd = fd;
    this.path = path;
    this.kind = kind;
    this.system = system;
  }

  /** The absolute, link-free path the handle was opened at (as mountinfo would name it). */
  public Path path() {
    return path;
  }

  /** What the handle refers to. */
  public FileKind kind() {
    return kind;
  }

  int fd() {
    return fd;
  }

  /** The magic link that names exactly this object, for calls that only take a path. */
  String procPath() {
    return "/proc/self/fd/" + fd;
  }

  @Override
  public void close() {
    system.closeFd(fd);
  }

  @Override
  public String toString() {
    return path + " (" + kind + ")";
  }
}
