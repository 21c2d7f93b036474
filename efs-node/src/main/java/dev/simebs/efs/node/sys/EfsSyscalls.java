package dev.simebs.efs.node.sys;

import static java.lang.foreign.FunctionDescriptor.of;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The EFS node's system calls, through Java's foreign function API: the *at() family relative to
 * open directories (so no path is ever resolved from the root, and no symbolic link followed),
 * the file I/O a FUSE server does for its clients, reads and writes on /dev/fuse, and the
 * per-thread identity calls (setfsuid, setfsgid, setgroups) that make a server thread act as an
 * access point's POSIX user. Mounting itself goes through the block node's LinuxSystem.
 * Nothing else in the EFS node touches native code.
 *
 * <p>Every call reports failure as an {@link Errno}. Struct layouts used (statx, statvfs,
 * linux_dirent64) are those of Linux on 64-bit platforms.
 */
@SuppressWarnings("restricted") // the one class of the EFS node that calls native code
public final class EfsSyscalls {

  // <fcntl.h>
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_ACCMODE = 3;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NOCTTY = 0400;
  public static final int O_TRUNC = 01000;
  public static final int O_APPEND = 02000;
  public static final int O_DIRECT = 040000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_NOFOLLOW = 0400000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;
  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int AT_REMOVEDIR = 0x200;
  public static final int AT_EACCESS = 0x200;
  public static final int AT_EMPTY_PATH = 0x1000;
  public static final int AT_SYMLINK_FOLLOW = 0x400;
  public static final long UTIME_NOW = (1L << 30) - 1;
  public static final long UTIME_OMIT = (1L << 30) - 2;
  public static final int MNT_DETACH = 2;
  public static final int STATX_BASIC_STATS = 0x7ff;
  public static final int STATX_SIZE = 256;
  public static final int STATVFS_SIZE = 112;

  private final StructLayout callState = Linker.Option.captureStateLayout();
  private final VarHandle errnoHandle =
      callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private final Linker linker = Linker.nativeLinker();
  private final long setgroupsNumber;

  private final MethodHandle open;
  private final MethodHandle openat;
  private final MethodHandle close;
  private final MethodHandle read;
  private final MethodHandle write;
  private final MethodHandle pread;
  private final MethodHandle pwrite;
  private final MethodHandle statx;
  private final MethodHandle mkdirat;
  private final MethodHandle mknodat;
  private final MethodHandle unlinkat;
  private final MethodHandle renameat2;
  private final MethodHandle linkat;
  private final MethodHandle symlinkat;
  private final MethodHandle readlinkat;
  private final MethodHandle fchownat;
  private final MethodHandle fchmodat;
  private final MethodHandle utimensat;
  private final MethodHandle ftruncate;
  private final MethodHandle fsync;
  private final MethodHandle fdatasync;
  private final MethodHandle fallocate;
  private final MethodHandle lseek;
  private final MethodHandle getdents64;
  private final MethodHandle fstatvfs;
  private final MethodHandle faccessat;
  private final MethodHandle setfsuid;
  private final MethodHandle setfsgid;
  private final MethodHandle syscall;
  private final MethodHandle umount2;

  public EfsSyscalls() {
    setgroupsNumber = switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> 116;
      case "aarch64" -> 159;
      default -> throw new IllegalStateException(
          "the EFS node runs on x86_64 or aarch64 Linux, not " + System.getProperty("os.arch"));
    };
    open = variadic("open", of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    openat = variadic("openat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    close = plain("close", of(JAVA_INT, JAVA_INT));
    read = errno("read", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    write = errno("write", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    pread = errno("pread", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    pwrite = errno("pwrite", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    statx = errno("statx", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    mkdirat = errno("mkdirat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    mknodat = errno("mknodat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    unlinkat = errno("unlinkat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    renameat2 = errno("renameat2", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    linkat = errno("linkat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    symlinkat = errno("symlinkat", of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    readlinkat = errno("readlinkat", of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    fchownat = errno("fchownat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    fchmodat = errno("fchmodat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    utimensat = errno("utimensat", of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    ftruncate = errno("ftruncate", of(JAVA_INT, JAVA_INT, JAVA_LONG));
    fsync = errno("fsync", of(JAVA_INT, JAVA_INT));
    fdatasync = errno("fdatasync", of(JAVA_INT, JAVA_INT));
    fallocate = errno("fallocate", of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    lseek = errno("lseek", of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    getdents64 = errno("getdents64", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    fstatvfs = errno("fstatvfs", of(JAVA_INT, JAVA_INT, ADDRESS));
    faccessat = errno("faccessat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    setfsuid = plain("setfsuid", of(JAVA_INT, JAVA_INT));
    setfsgid = plain("setfsgid", of(JAVA_INT, JAVA_INT));
    syscall = linker.downcallHandle(lookup("syscall"), of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS),
        Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1));
    umount2 = errno("umount2", of(JAVA_INT, ADDRESS, JAVA_INT));
  }

  // ------------------------------------------------------------------ descriptors

  /** open(2) of an absolute path (the FUSE device, a /proc/self/fd link, a trusted root). */
  public int open(String path, int flags) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      return (int) check((int) open.invokeExact(state, arena.allocateFrom(path),
          flags | O_CLOEXEC, 0), state, "open", path);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** openat(2) of one entry of an open directory. */
  public int openAt(int dirFd, String name, int flags, int mode) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      return openAt(dirFd, arena.allocateFrom(name), flags, mode);
    }
  }

  /** openat(2), the name a NUL-terminated C string (as a FUSE request carries it). */
  public int openAt(int dirFd, MemorySegment name, int flags, int mode) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      return (int) check((int) openat.invokeExact(state, dirFd, name, flags | O_CLOEXEC, mode),
          state, "openat", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** Opens the object behind an O_PATH descriptor again, for I/O, through /proc/self/fd. */
  public int reopen(int pathFd, int flags) throws Errno {
    return open("/proc/self/fd/" + pathFd, flags);
  }

  /** close(2); a failure cannot be acted on and is ignored. */
  public void close(int fd) {
    try {
      int ignored = (int) close.invokeExact(fd);
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  // ------------------------------------------------------------------ I/O

  public long read(int fd, MemorySegment buffer, long size) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      return check((long) read.invokeExact(state, fd, buffer, size), state, "read", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  public long write(int fd, MemorySegment buffer, long size) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      return check((long) write.invokeExact(state, fd, buffer, size), state, "write", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  public long pread(int fd, MemorySegment buffer, long size, long offset) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      return check((long) pread.invokeExact(state, fd, buffer, size, offset), state, "pread", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  public long pwrite(int fd, MemorySegment buffer, long size, long offset) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      return check((long) pwrite.invokeExact(state, fd, buffer, size, offset), state, "pwrite", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  public void truncate(int fd, long size) throws Errno {
    intCall(ftruncate, "ftruncate", fd, size);
  }

  /** fsync(2), or fdatasync(2) when {@code dataOnly}. */
  public void sync(int fd, boolean dataOnly) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int rc = dataOnly ? (int) fdatasync.invokeExact(state, fd) : (int) fsync.invokeExact(state, fd);
      check(rc, state, "fsync", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  public void allocate(int fd, int mode, long offset, long length) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) fallocate.invokeExact(state, fd, mode, offset, length), state, "fallocate", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  public long seek(int fd, long offset, int whence) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      return check((long) lseek.invokeExact(state, fd, offset, whence), state, "lseek", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** getdents64(2): linux_dirent64 records into {@code buffer}; 0 at the end of the directory. */
  public long readDirectory(int fd, MemorySegment buffer, long size) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      return check((long) getdents64.invokeExact(state, fd, buffer, size), state, "getdents64", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  // ------------------------------------------------------------------ metadata

  /** statx(2) of {@code name} in {@code dirFd} ("" with AT_EMPTY_PATH: the descriptor itself). */
  public void stat(int dirFd, String name, int flags, MemorySegment statx) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) this.statx.invokeExact(state, dirFd, arena.allocateFrom(name), flags,
          STATX_BASIC_STATS, statx), state, "statx", name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  public void statvfs(int fd, MemorySegment statvfs) throws Errno {
    intCall(fstatvfs, "fstatvfs", fd, statvfs);
  }

  public void makeDirectory(int dirFd, MemorySegment name, int mode) throws Errno {
    nameCall(mkdirat, "mkdirat", dirFd, name, mode);
  }

  public void makeNode(int dirFd, MemorySegment name, int mode, long device) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) mknodat.invokeExact(state, dirFd, name, mode, device), state, "mknodat", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** unlinkat(2); AT_REMOVEDIR removes a directory. */
  public void unlink(int dirFd, MemorySegment name, int flags) throws Errno {
    nameCall(unlinkat, "unlinkat", dirFd, name, flags);
  }

  public void rename(int oldDir, MemorySegment oldName, int newDir, MemorySegment newName,
      int flags) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) renameat2.invokeExact(state, oldDir, oldName, newDir, newName, flags), state,
          "renameat2", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /**
   * A new name for the object behind {@code fd}: linkat(2) through its /proc/self/fd link, which
   * (unlike AT_EMPTY_PATH) needs no capability the thread's file-system identity lacks.
   */
  public void link(int fd, int newDir, MemorySegment newName) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) linkat.invokeExact(state, AT_FDCWD, arena.allocateFrom("/proc/self/fd/" + fd),
          newDir, newName, AT_SYMLINK_FOLLOW), state, "linkat", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  public void symlink(MemorySegment target, int dirFd, MemorySegment name) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) symlinkat.invokeExact(state, target, dirFd, name), state, "symlinkat", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** The target of the symbolic link behind {@code fd} (an O_PATH descriptor of it). */
  public byte[] readLink(int fd) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment buffer = arena.allocate(4096);
      long length = check((long) readlinkat.invokeExact(state, fd, arena.allocateFrom(""),
          buffer, 4096L), state, "readlinkat", "");
      return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** fchownat(2) with AT_EMPTY_PATH: the owner of the object behind {@code fd}; -1 keeps one. */
  public void changeOwner(int fd, int uid, int gid) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) fchownat.invokeExact(state, fd, arena.allocateFrom(""), uid, gid,
          AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), state, "fchownat", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** The permission bits of the object behind {@code fd} (not a symbolic link). */
  public void changeMode(int fd, int mode) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) fchmodat.invokeExact(state, AT_FDCWD,
          arena.allocateFrom("/proc/self/fd/" + fd), mode, 0), state, "fchmodat", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** The times of the object behind {@code fd}; nanoseconds may be UTIME_NOW or UTIME_OMIT. */
  public void changeTimes(int fd, long atimeSeconds, long atimeNanos, long mtimeSeconds,
      long mtimeNanos) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment times = arena.allocate(32, 8);
      times.set(JAVA_LONG, 0, atimeSeconds);
      times.set(JAVA_LONG, 8, atimeNanos);
      times.set(JAVA_LONG, 16, mtimeSeconds);
      times.set(JAVA_LONG, 24, mtimeNanos);
      check((int) utimensat.invokeExact(state, AT_FDCWD,
          arena.allocateFrom("/proc/self/fd/" + fd), times, 0), state, "utimensat", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** access(2) checks of the object behind {@code fd} with this thread's file-system identity. */
  public void checkAccess(int fd, int mode) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) faccessat.invokeExact(state, AT_FDCWD,
          arena.allocateFrom("/proc/self/fd/" + fd), mode, AT_EACCESS), state, "faccessat", "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  /** umount2(2) with MNT_DETACH: the mount leaves the tree now, and goes when no longer used. */
  public void detach(String target) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) umount2.invokeExact(state, arena.allocateFrom(target), MNT_DETACH), state,
          "umount2", target);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  // ------------------------------------------------------------------ identity

  /**
   * Makes the calling thread (and only it) act as {@code uid}:{@code gid} with these
   * supplementary groups for every file-system permission check and every file it creates.
   * setfsuid/setfsgid and the raw setgroups system call change the calling thread's credentials
   * alone (glibc's setgroups would change every thread of the process). The thread must be a
   * platform thread that never runs other work.
   */
  public void actAs(long uid, long gid, List<Long> groups) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment list = arena.allocate(JAVA_INT, Math.max(1, groups.size()));
      for (int i = 0; i < groups.size(); i++) {
        list.setAtIndex(JAVA_INT, i, (int) (long) groups.get(i));
      }
      check((long) syscall.invokeExact(state, setgroupsNumber, (long) groups.size(), list),
          state, "setgroups", "");
      int ignoredGid = (int) setfsgid.invokeExact((int) gid);
      int ignoredUid = (int) setfsuid.invokeExact((int) uid);
      // setfsuid reports no error; asking again returns the value in force.
      if ((int) setfsuid.invokeExact(-1) != (int) uid || (int) setfsgid.invokeExact(-1) != (int) gid) {
        throw new Errno("setfsuid/setfsgid", "", Errno.EPERM);
      }
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  // ------------------------------------------------------------------ plumbing

  private void intCall(MethodHandle handle, String name, int fd, long argument) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) handle.invokeExact(state, fd, argument), state, name, "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  private void intCall(MethodHandle handle, String name, int fd, MemorySegment argument)
      throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) handle.invokeExact(state, fd, argument), state, name, "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  private void nameCall(MethodHandle handle, String call, int dirFd, MemorySegment name,
      int argument) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      check((int) handle.invokeExact(state, dirFd, name, argument), state, call, "");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  private long check(long rc, MemorySegment state, String call, String what) throws Errno {
    if (rc < 0) {
      throw new Errno(call, what, (int) errnoHandle.get(state, 0L));
    }
    return rc;
  }

  private MemorySegment lookup(String name) {
    return linker.defaultLookup().find(name)
        .orElseThrow(() -> new IllegalStateException("libc lacks " + name));
  }

  private MethodHandle plain(String name, FunctionDescriptor descriptor) {
    return linker.downcallHandle(lookup(name), descriptor);
  }

  private MethodHandle errno(String name, FunctionDescriptor descriptor) {
    return linker.downcallHandle(lookup(name), descriptor, Linker.Option.captureCallState("errno"));
  }

  private MethodHandle variadic(String name, FunctionDescriptor descriptor, int firstVariadic) {
    return linker.downcallHandle(lookup(name), descriptor, Linker.Option.captureCallState("errno"),
        Linker.Option.firstVariadicArg(firstVariadic));
  }

  private static IllegalStateException linkage(Throwable t) {
    return new IllegalStateException("native call failed: " + t, t);
  }
}
