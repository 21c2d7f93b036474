package dev.simebs.backend.files;

import static java.lang.foreign.FunctionDescriptor.of;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.simebs.common.sys.LibcFunction;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The backend's only system calls, made through the foreign function API: reflink (FICLONE),
 * extent discovery (SEEK_DATA/SEEK_HOLE), allocated-block counts (stat's st_blocks), growing a
 * file that must already exist (open without O_CREAT, then ftruncate; java.io would create it),
 * and the directory calls relative to an open directory (openat, mkdirat, fchown, fchmod, fsync)
 * that walk a file system's tree without ever following a symbolic link. Linux only; everything
 * else in the backend uses plain java.nio.
 */
public final class NativeFiles {

  /** A run of allocated bytes in a sparse file: [offset, offset + length). */
  public record Extent(long offset, long length) {}

  private static final int O_RDONLY = 0;
  private static final int O_WRONLY = 1;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_NOFOLLOW = 0400000;
  private static final int O_CLOEXEC = 02000000;
  private static final int AT_FDCWD = -100;
  private static final int SEEK_END = 2;
  private static final int SEEK_DATA = 3;
  private static final int SEEK_HOLE = 4;
  private static final long FICLONE = 0x40049409L;
  // struct stat is 144 bytes on x86_64 and aarch64; st_blocks sits at offset 64 on both.
  private static final long STAT_SIZE = 144;
  private static final long ST_BLOCKS_OFFSET = 64;

  private final LibcFunction open;
  private final LibcFunction close;
  private final LibcFunction lseek;
  private final LibcFunction ioctl;
  private final LibcFunction stat;
  private final LibcFunction ftruncate;
  private final LibcFunction openat;
  private final LibcFunction mkdirat;
  private final LibcFunction fchown;
  private final LibcFunction fchmod;
  private final LibcFunction fsync;
  private final StructLayout callState = Linker.Option.captureStateLayout();
  private final VarHandle errno =
      callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  /** A failed directory call, with its errno (ENOENT, EEXIST, ELOOP, ENOTDIR ...). */
  public static final class CallFailed extends IOException {
    private final int errno;

    CallFailed(String call, int errno) {
      super(call + " failed with errno " + errno);
      this.errno = errno;
    }

    public int errno() {
      return errno;
    }
  }

  public static final int ENOENT = 2;
  public static final int EEXIST = 17;

  public NativeFiles() {
    open = LibcFunction.variadic("open", of(JAVA_INT, ADDRESS, JAVA_INT), 2);
    close = LibcFunction.plain("close", of(JAVA_INT, JAVA_INT));
    lseek = LibcFunction.plain("lseek", of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    ioctl = LibcFunction.variadic("ioctl", of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), 2);
    stat = LibcFunction.plain("stat", of(JAVA_INT, ADDRESS, ADDRESS));
    ftruncate = LibcFunction.plain("ftruncate", of(JAVA_INT, JAVA_INT, JAVA_LONG));
    openat = LibcFunction.variadicWithErrno("openat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    mkdirat = LibcFunction.withErrno("mkdirat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    fchown = LibcFunction.withErrno("fchown", of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    fchmod = LibcFunction.withErrno("fchmod", of(JAVA_INT, JAVA_INT, JAVA_INT));
    fsync = LibcFunction.withErrno("fsync", of(JAVA_INT, JAVA_INT));
    // Every CreateVolume calls these: linked now, so the first requests do not wait for linking.
    for (LibcFunction createPath : List.of(open, lseek, ftruncate, close)) {
      createPath.handle();
    }
  }

  /**
   * Extends the existing {@code file} to {@code length} bytes (a hole; nothing is allocated), or
   * leaves it when it is already that long. A missing file is an error, never created: a volume
   * deleted meanwhile must not come back as an orphan image.
   */
  public void extendExisting(Path file, long length) throws IOException {
    int fd = openFile(file, O_WRONLY);
    try {
      long size = (long) lseek.handle().invokeExact(fd, 0L, SEEK_END);
      if (size < 0) {
        throw new IOException("cannot read the size of " + file);
      }
      if (size < length && (int) ftruncate.handle().invokeExact(fd, length) != 0) {
        throw new IOException("cannot grow " + file + " to " + length + " bytes");
      }
    } catch (Throwable t) {
      throw asIo(t);
    } finally {
      closeFd(fd);
    }
  }

  /** Opens the directory {@code dir} itself (it must not be a symbolic link) as a descriptor. */
  public int openDirectory(Path dir) throws IOException {
    return openDirectoryAt(AT_FDCWD, dir.toString());
  }

  /**
   * Opens the entry {@code name} of the open directory {@code dirFd} as a directory, refusing a
   * symbolic link (ELOOP) or anything but a directory (ENOTDIR).
   */
  public int openDirectoryAt(int dirFd, String name) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int fd = (int) openat.handle().invokeExact(state, dirFd, arena.allocateFrom(name),
          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
      return checked(fd, state, "openat " + name);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw asIo(t);
    }
  }

  /** mkdirat(2): a new directory {@code name} in {@code dirFd} (mode is masked by the umask). */
  public void makeDirectoryAt(int dirFd, String name, int mode) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      checked((int) mkdirat.handle().invokeExact(state, dirFd, arena.allocateFrom(name), mode), state,
          "mkdirat " + name);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw asIo(t);
    }
  }

  /** fchown(2) and then fchmod(2) of an open descriptor: exact owner and permission bits. */
  public void setOwnerAndMode(int fd, int uid, int gid, int mode) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      checked((int) fchown.handle().invokeExact(state, fd, uid, gid), state, "fchown");
      checked((int) fchmod.handle().invokeExact(state, fd, mode), state, "fchmod");
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw asIo(t);
    }
  }

  /** fsync(2) of an open descriptor (of a directory: makes its new entries durable). */
  public void sync(int fd) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      checked((int) fsync.handle().invokeExact(state, fd), state, "fsync");
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw asIo(t);
    }
  }

  /** Closes a descriptor this class opened. */
  public void closeDescriptor(int fd) throws IOException {
    closeFd(fd);
  }

  private int checked(int rc, MemorySegment state, String call) throws CallFailed {
    if (rc < 0) {
      throw new CallFailed(call, (int) errno.get(state, 0L));
    }
    return rc;
  }

  /**
   * Makes {@code target} (an existing, empty file) share {@code source}'s blocks. False when the
   * file system cannot reflink (ext4, tmpfs, different file systems): the caller copies instead.
   */
  public boolean reflink(Path source, Path target) throws IOException {
    int src = openFile(source, O_RDONLY);
    try {
      int dst = openFile(target, O_WRONLY);
      try {
        return (int) ioctl.handle().invokeExact(dst, FICLONE, src) == 0;
      } finally {
        closeFd(dst);
      }
    } catch (Throwable t) {
      throw asIo(t);
    } finally {
      closeFd(src);
    }
  }

  /** The allocated extents of {@code file}, in order, as SEEK_DATA/SEEK_HOLE report them. */
  public List<Extent> dataExtents(Path file, long length) throws IOException {
    int fd = openFile(file, O_RDONLY);
    try {
      List<Extent> extents = new ArrayList<>();
      long position = 0;
      while (position < length) {
        long data = (long) lseek.handle().invokeExact(fd, position, SEEK_DATA);
        if (data < 0) {
          break; // ENXIO: no data after position
        }
        long hole = (long) lseek.handle().invokeExact(fd, data, SEEK_HOLE);
        long end = hole < 0 ? length : Math.min(hole, length);
        if (end > data) {
          extents.add(new Extent(data, end - data));
        }
        position = end;
      }
      return extents;
    } catch (Throwable t) {
      throw asIo(t);
    } finally {
      closeFd(fd);
    }
  }

  /** Bytes the file system has allocated to {@code file} (st_blocks × 512). */
  public long allocatedBytes(Path file) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(STAT_SIZE, 8);
      int rc = (int) stat.handle().invokeExact(arena.allocateFrom(file.toString()), buffer);
      if (rc != 0) {
        throw new IOException("stat failed for " + file);
      }
      return buffer.get(ValueLayout.JAVA_LONG, ST_BLOCKS_OFFSET) * 512;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw asIo(t);
    }
  }

  private int openFile(Path file, int flags) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      int fd = (int) open.handle().invokeExact(arena.allocateFrom(file.toString()), flags);
      if (fd < 0) {
        throw new IOException("cannot open " + file);
      }
      return fd;
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw asIo(t);
    }
  }

  private void closeFd(int fd) throws IOException {
    try {
      int ignored = (int) close.handle().invokeExact(fd);
    } catch (Throwable t) {
      throw asIo(t);
    }
  }

  private static IOException asIo(Throwable t) {
    return t instanceof IOException io ? io : new IOException("native call failed: " + t, t);
  }
}
