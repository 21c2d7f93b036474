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
    return (int) call("open", path, (state, arena) ->
        (int) open.invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, 0));
  }

  /** openat(2) of one entry of an open directory. */
  public int openAt(int dirFd, String name, int flags, int mode) throws Errno {
    return (int) call("openat", name, (state, arena) ->
        (int) openat.invokeExact(state, dirFd, arena.allocateFrom(name), flags | O_CLOEXEC, mode));
  }

  /** openat(2), the name a NUL-terminated C string (as a FUSE request carries it). */
  public int openAt(int dirFd, MemorySegment name, int flags, int mode) throws Errno {
    return (int) call("openat", "", (state, arena) ->
        (int) openat.invokeExact(state, dirFd, name, flags | O_CLOEXEC, mode));
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
    return call("read", "", (state, arena) -> (long) read.invokeExact(state, fd, buffer, size));
  }

  public long write(int fd, MemorySegment buffer, long size) throws Errno {
    return call("write", "", (state, arena) -> (long) write.invokeExact(state, fd, buffer, size));
  }

  public long pread(int fd, MemorySegment buffer, long size, long offset) throws Errno {
    return call("pread", "", (state, arena) ->
        (long) pread.invokeExact(state, fd, buffer, size, offset));
  }

  public long pwrite(int fd, MemorySegment buffer, long size, long offset) throws Errno {
    return call("pwrite", "", (state, arena) ->
        (long) pwrite.invokeExact(state, fd, buffer, size, offset));
  }

  public void truncate(int fd, long size) throws Errno {
    call("ftruncate", "", (state, arena) -> (int) ftruncate.invokeExact(state, fd, size));
  }

  /** fsync(2), or fdatasync(2) when {@code dataOnly}. */
  public void sync(int fd, boolean dataOnly) throws Errno {
    call("fsync", "", (state, arena) -> dataOnly
        ? (int) fdatasync.invokeExact(state, fd)
        : (int) fsync.invokeExact(state, fd));
  }

  public void allocate(int fd, int mode, long offset, long length) throws Errno {
    call("fallocate", "", (state, arena) ->
        (int) fallocate.invokeExact(state, fd, mode, offset, length));
  }

  public long seek(int fd, long offset, int whence) throws Errno {
    return call("lseek", "", (state, arena) -> (long) lseek.invokeExact(state, fd, offset, whence));
  }

  /** getdents64(2): linux_dirent64 records into {@code buffer}; 0 at the end of the directory. */
  public long readDirectory(int fd, MemorySegment buffer, long size) throws Errno {
    return call("getdents64", "", (state, arena) ->
        (long) getdents64.invokeExact(state, fd, buffer, size));
  }

  // ------------------------------------------------------------------ metadata

  /** statx(2) of {@code name} in {@code dirFd} ("" with AT_EMPTY_PATH: the descriptor itself). */
  public void stat(int dirFd, String name, int flags, MemorySegment statx) throws Errno {
    call("statx", name, (state, arena) -> (int) this.statx.invokeExact(state, dirFd,
        arena.allocateFrom(name), flags, STATX_BASIC_STATS, statx));
  }

  public void statvfs(int fd, MemorySegment statvfs) throws Errno {
    call("fstatvfs", "", (state, arena) -> (int) fstatvfs.invokeExact(state, fd, statvfs));
  }

  public void makeDirectory(int dirFd, MemorySegment name, int mode) throws Errno {
    call("mkdirat", "", (state, arena) -> (int) mkdirat.invokeExact(state, dirFd, name, mode));
  }

  public void makeNode(int dirFd, MemorySegment name, int mode, long device) throws Errno {
    call("mknodat", "", (state, arena) ->
        (int) mknodat.invokeExact(state, dirFd, name, mode, device));
  }

  /** unlinkat(2); AT_REMOVEDIR removes a directory. */
  public void unlink(int dirFd, MemorySegment name, int flags) throws Errno {
    call("unlinkat", "", (state, arena) -> (int) unlinkat.invokeExact(state, dirFd, name, flags));
  }

  public void rename(int oldDir, MemorySegment oldName, int newDir, MemorySegment newName,
      int flags) throws Errno {
    call("renameat2", "", (state, arena) ->
        (int) renameat2.invokeExact(state, oldDir, oldName, newDir, newName, flags));
  }

  /**
   * A new name for the object behind {@code fd}: linkat(2) through its /proc/self/fd link, which
   * (unlike AT_EMPTY_PATH) needs no capability the thread's file-system identity lacks.
   */
  public void link(int fd, int newDir, MemorySegment newName) throws Errno {
    call("linkat", "", (state, arena) -> (int) linkat.invokeExact(state, AT_FDCWD,
        arena.allocateFrom("/proc/self/fd/" + fd), newDir, newName, AT_SYMLINK_FOLLOW));
  }

  public void symlink(MemorySegment target, int dirFd, MemorySegment name) throws Errno {
    call("symlinkat", "", (state, arena) ->
        (int) symlinkat.invokeExact(state, target, dirFd, name));
  }

  /** The target of the symbolic link behind {@code fd} (an O_PATH descriptor of it). */
  public byte[] readLink(int fd) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(4096);
      long length = call("readlinkat", "", (state, scratch) -> (long) readlinkat.invokeExact(
          state, fd, scratch.allocateFrom(""), buffer, 4096L));
      return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }
  }

  /** fchownat(2) with AT_EMPTY_PATH: the owner of the object behind {@code fd}; -1 keeps one. */
  public void changeOwner(int fd, int uid, int gid) throws Errno {
    call("fchownat", "", (state, arena) -> (int) fchownat.invokeExact(state, fd,
        arena.allocateFrom(""), uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
  }

  /** The permission bits of the object behind {@code fd} (not a symbolic link). */
  public void changeMode(int fd, int mode) throws Errno {
    call("fchmodat", "", (state, arena) -> (int) fchmodat.invokeExact(state, AT_FDCWD,
        arena.allocateFrom("/proc/self/fd/" + fd), mode, 0));
  }

  /** The times of the object behind {@code fd}; nanoseconds may be UTIME_NOW or UTIME_OMIT. */
  public void changeTimes(int fd, long atimeSeconds, long atimeNanos, long mtimeSeconds,
      long mtimeNanos) throws Errno {
    call("utimensat", "", (state, arena) -> {
      MemorySegment times = arena.allocate(32, 8);
      times.set(JAVA_LONG, 0, atimeSeconds);
      times.set(JAVA_LONG, 8, atimeNanos);
      times.set(JAVA_LONG, 16, mtimeSeconds);
      times.set(JAVA_LONG, 24, mtimeNanos);
      return (int) utimensat.invokeExact(state, AT_FDCWD,
          arena.allocateFrom("/proc/self/fd/" + fd), times, 0);
    });
  }

  /** access(2) checks of the object behind {@code fd} with this thread's file-system identity. */
  public void checkAccess(int fd, int mode) throws Errno {
    call("faccessat", "", (state, arena) -> (int) faccessat.invokeExact(state, AT_FDCWD,
        arena.allocateFrom("/proc/self/fd/" + fd), mode, AT_EACCESS));
  }

  /** umount2(2) with MNT_DETACH: the mount leaves the tree now, and goes when no longer used. */
  public void detach(String target) throws Errno {
    call("umount2", target, (state, arena) ->
        (int) umount2.invokeExact(state, arena.allocateFrom(target), MNT_DETACH));
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
    call("setgroups", "", (state, arena) -> {
      MemorySegment list = arena.allocate(JAVA_INT, Math.max(1, groups.size()));
      for (int i = 0; i < groups.size(); i++) {
        list.setAtIndex(JAVA_INT, i, (int) (long) groups.get(i));
      }
      return (long) syscall.invokeExact(state, setgroupsNumber, (long) groups.size(), list);
    });
    try {
      int _ = (int) setfsgid.invokeExact((int) gid);
      int _ = (int) setfsuid.invokeExact((int) uid);
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

  /** One native call that reports failure as a negative result and errno. */
  @FunctionalInterface
  private interface Native {
    long invoke(MemorySegment callState, Arena arena) throws Throwable;
  }

  /** Runs {@code call} with a captured errno; a negative result is an {@link Errno}. */
  private long call(String name, String what, Native call) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      long rc = call.invoke(state, arena);
      if (rc < 0) {
        throw new Errno(name, what, (int) errnoHandle.get(state, 0L));
      }
      return rc;
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw linkage(t);
    }
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
