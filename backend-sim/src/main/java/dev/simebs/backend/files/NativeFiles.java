package dev.simebs.backend.files;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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

  private final MethodHandle open;
  private final MethodHandle close;
  private final MethodHandle lseek;
  private final MethodHandle ioctl;
  private final MethodHandle stat;
  private final MethodHandle ftruncate;
  private final MethodHandle openat;
  private final MethodHandle mkdirat;
  private final MethodHandle fchown;
  private final MethodHandle fchmod;
  private final MethodHandle fsync;
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
    Linker linker = Linker.nativeLinker();
    SymbolLookup libc = linker.defaultLookup();
    open = linker.downcallHandle(
        libc.findOrThrow("open"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
        Linker.Option.firstVariadicArg(2));
    close = linker.downcallHandle(
        libc.findOrThrow("close"), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    lseek = linker.downcallHandle(
        libc.findOrThrow("lseek"),
        FunctionDescriptor.of(
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    ioctl = linker.downcallHandle(
        libc.findOrThrow("ioctl"),
        FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
        Linker.Option.firstVariadicArg(2));
    stat = linker.downcallHandle(
        libc.findOrThrow("stat"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    ftruncate = linker.downcallHandle(
        libc.findOrThrow("ftruncate"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    Linker.Option errnoCaptured = Linker.Option.captureCallState("errno");
    openat = linker.downcallHandle(
        libc.findOrThrow("openat"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        errnoCaptured, Linker.Option.firstVariadicArg(3));
    mkdirat = linker.downcallHandle(
        libc.findOrThrow("mkdirat"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT),
        errnoCaptured);
    fchown = linker.downcallHandle(
        libc.findOrThrow("fchown"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT),
        errnoCaptured);
    fchmod = linker.downcallHandle(
        libc.findOrThrow("fchmod"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        errnoCaptured);
    fsync = linker.downcallHandle(
        libc.findOrThrow("fsync"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        errnoCaptured);
  }

  /**
   * Extends the existing {@code file} to {@code length} bytes (a hole; nothing is allocated), or
   * leaves it when it is already that long. A missing file is an error, never created: a volume
   * deleted meanwhile must not come back as an orphan image.
   */
  public void extendExisting(Path file, long length) throws IOException {
    int fd = openFile(file, O_WRONLY);
    try {
      long size = (long) lseek.invokeExact(fd, 0L, SEEK_END);
      if (size < 0) {
        throw new IOException("cannot read the size of " + file);
      }
      if (size < length && (int) ftruncate.invokeExact(fd, length) != 0) {
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
      int fd = (int) openat.invokeExact(state, dirFd, arena.allocateFrom(name),
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
      checked((int) mkdirat.invokeExact(state, dirFd, arena.allocateFrom(name), mode), state,
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
      checked((int) fchown.invokeExact(state, fd, uid, gid), state, "fchown");
      checked((int) fchmod.invokeExact(state, fd, mode), state, "fchmod");
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
      checked((int) fsync.invokeExact(state, fd), state, "fsync");
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
        return (int) ioctl.invokeExact(dst, FICLONE, src) == 0;
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
        long data = (long) lseek.invokeExact(fd, position, SEEK_DATA);
        if (data < 0) {
          break; // ENXIO: no data after position
        }
        long hole = (long) lseek.invokeExact(fd, data, SEEK_HOLE);
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
      int rc = (int) stat.invokeExact(arena.allocateFrom(file.toString()), buffer);
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
      int fd = (int) open.invokeExact(arena.allocateFrom(file.toString()), flags);
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
      int ignored = (int) close.invokeExact(fd);
    } catch (Throwable t) {
      throw asIo(t);
    }
  }

  private static IOException asIo(Throwable t) {
    return t instanceof IOException io ? io : new IOException("native call failed: " + t, t);
  }
}
