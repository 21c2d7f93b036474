package dev.simebs.efs.node.sys;

import static java.lang.foreign.FunctionDescriptor.of;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.simebs.common.sys.LibcFunction;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
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
  private final long setgroupsNumber;

  private final LibcFunction open;
  private final LibcFunction openat;
  private final LibcFunction close;
  private final LibcFunction read;
  private final LibcFunction write;
  private final LibcFunction pread;
  private final LibcFunction pwrite;
  private final LibcFunction statx;
  private final LibcFunction mkdirat;
  private final LibcFunction mknodat;
  private final LibcFunction unlinkat;
  private final LibcFunction renameat2;
  private final LibcFunction linkat;
  private final LibcFunction symlinkat;
  private final LibcFunction readlinkat;
  private final LibcFunction fchownat;
  private final LibcFunction fchmodat;
  private final LibcFunction utimensat;
  private final LibcFunction ftruncate;
  private final LibcFunction fsync;
  private final LibcFunction fdatasync;
  private final LibcFunction fallocate;
  private final LibcFunction lseek;
  private final LibcFunction getdents64;
  private final LibcFunction fstatvfs;
  private final LibcFunction faccessat;
  private final LibcFunction setfsuid;
  private final LibcFunction setfsgid;
  private final LibcFunction syscall;
  private final LibcFunction umount2;

  public EfsSyscalls() {
    setgroupsNumber = switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> 116;
      case "aarch64" -> 159;
      default -> throw new IllegalStateException(
          "the EFS node runs on x86_64 or aarch64 Linux, not " + System.getProperty("os.arch"));
    };
    open = LibcFunction.variadicWithErrno("open", of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    openat = LibcFunction.variadicWithErrno("openat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    close = LibcFunction.plain("close", of(JAVA_INT, JAVA_INT));
    read = LibcFunction.withErrno("read", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    write = LibcFunction.withErrno("write", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    pread = LibcFunction.withErrno("pread", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    pwrite = LibcFunction.withErrno("pwrite", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    statx = LibcFunction.withErrno("statx", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    mkdirat = LibcFunction.withErrno("mkdirat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    mknodat = LibcFunction.withErrno("mknodat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    unlinkat = LibcFunction.withErrno("unlinkat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    renameat2 = LibcFunction.withErrno("renameat2", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    linkat = LibcFunction.withErrno("linkat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    symlinkat = LibcFunction.withErrno("symlinkat", of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    readlinkat = LibcFunction.withErrno("readlinkat", of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    fchownat = LibcFunction.withErrno("fchownat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    fchmodat = LibcFunction.withErrno("fchmodat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    utimensat = LibcFunction.withErrno("utimensat", of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    ftruncate = LibcFunction.withErrno("ftruncate", of(JAVA_INT, JAVA_INT, JAVA_LONG));
    fsync = LibcFunction.withErrno("fsync", of(JAVA_INT, JAVA_INT));
    fdatasync = LibcFunction.withErrno("fdatasync", of(JAVA_INT, JAVA_INT));
    fallocate = LibcFunction.withErrno("fallocate", of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    lseek = LibcFunction.withErrno("lseek", of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    getdents64 = LibcFunction.withErrno("getdents64", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    fstatvfs = LibcFunction.withErrno("fstatvfs", of(JAVA_INT, JAVA_INT, ADDRESS));
    faccessat = LibcFunction.withErrno("faccessat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    setfsuid = LibcFunction.plain("setfsuid", of(JAVA_INT, JAVA_INT));
    setfsgid = LibcFunction.plain("setfsgid", of(JAVA_INT, JAVA_INT));
    syscall = LibcFunction.variadicWithErrno("syscall", of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS), 1);
    umount2 = LibcFunction.withErrno("umount2", of(JAVA_INT, ADDRESS, JAVA_INT));
  }

  // ------------------------------------------------------------------ descriptors

  /** open(2) of an absolute path (the FUSE device, a /proc/self/fd link, a trusted root). */
  public int open(String path, int flags) throws Errno {
    return (int) call("open", path, (state, arena) ->
        (int) open.handle().invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, 0));
  }

  /** openat(2) of one entry of an open directory. */
  public int openAt(int dirFd, String name, int flags, int mode) throws Errno {
    return (int) call("openat", name, (state, arena) ->
        (int) openat.handle().invokeExact(state, dirFd, arena.allocateFrom(name), flags | O_CLOEXEC, mode));
  }

  /** openat(2), the name a NUL-terminated C string (as a FUSE request carries it). */
  public int openAt(int dirFd, MemorySegment name, int flags, int mode) throws Errno {
    return (int) call("openat", "", (state, arena) ->
        (int) openat.handle().invokeExact(state, dirFd, name, flags | O_CLOEXEC, mode));
  }

  /** Opens the object behind an O_PATH descriptor again, for I/O, through /proc/self/fd. */
  public int reopen(int pathFd, int flags) throws Errno {
    return open("/proc/self/fd/" + pathFd, flags);
  }

  /** close(2); a failure cannot be acted on and is ignored. */
  public void close(int fd) {
    try {
      int ignored = (int) close.handle().invokeExact(fd);
    } catch (Throwable t) {
      throw linkage(t);
    }
  }

  // ------------------------------------------------------------------ I/O

  public long read(int fd, MemorySegment buffer, long size) throws Errno {
    return call("read", "", (state, arena) -> (long) read.handle().invokeExact(state, fd, buffer, size));
  }

  public long write(int fd, MemorySegment buffer, long size) throws Errno {
    return call("write", "", (state, arena) -> (long) write.handle().invokeExact(state, fd, buffer, size));
  }

  public long pread(int fd, MemorySegment buffer, long size, long offset) throws Errno {
    return call("pread", "", (state, arena) ->
        (long) pread.handle().invokeExact(state, fd, buffer, size, offset));
  }

  public long pwrite(int fd, MemorySegment buffer, long size, long offset) throws Errno {
    return call("pwrite", "", (state, arena) ->
        (long) pwrite.handle().invokeExact(state, fd, buffer, size, offset));
  }

  public void truncate(int fd, long size) throws Errno {
    call("ftruncate", "", (state, arena) -> (int) ftruncate.handle().invokeExact(state, fd, size));
  }

  /** fsync(2), or fdatasync(2) when {@code dataOnly}. */
  public void sync(int fd, boolean dataOnly) throws Errno {
    call("fsync", "", (state, arena) -> dataOnly
        ? (int) fdatasync.handle().invokeExact(state, fd)
        : (int) fsync.handle().invokeExact(state, fd));
  }

  public void allocate(int fd, int mode, long offset, long length) throws Errno {
    call("fallocate", "", (state, arena) ->
        (int) fallocate.handle().invokeExact(state, fd, mode, offset, length));
  }

  public long seek(int fd, long offset, int whence) throws Errno {
    return call("lseek", "", (state, arena) -> (long) lseek.handle().invokeExact(state, fd, offset, whence));
  }

  /** getdents64(2): linux_dirent64 records into {@code buffer}; 0 at the end of the directory. */
  public long readDirectory(int fd, MemorySegment buffer, long size) throws Errno {
    return call("getdents64", "", (state, arena) ->
        (long) getdents64.handle().invokeExact(state, fd, buffer, size));
  }

  // ------------------------------------------------------------------ metadata

  /** statx(2) of {@code name} in {@code dirFd} ("" with AT_EMPTY_PATH: the descriptor itself). */
  public void stat(int dirFd, String name, int flags, MemorySegment statx) throws Errno {
    call("statx", name, (state, arena) -> (int) this.statx.handle().invokeExact(state, dirFd,
        arena.allocateFrom(name), flags, STATX_BASIC_STATS, statx));
  }

  public void statvfs(int fd, MemorySegment statvfs) throws Errno {
    call("fstatvfs", "", (state, arena) -> (int) fstatvfs.handle().invokeExact(state, fd, statvfs));
  }

  public void makeDirectory(int dirFd, MemorySegment name, int mode) throws Errno {
    call("mkdirat", "", (state, arena) -> (int) mkdirat.handle().invokeExact(state, dirFd, name, mode));
  }

  public void makeNode(int dirFd, MemorySegment name, int mode, long device) throws Errno {
    call("mknodat", "", (state, arena) ->
        (int) mknodat.handle().invokeExact(state, dirFd, name, mode, device));
  }

  /** unlinkat(2); AT_REMOVEDIR removes a directory. */
  public void unlink(int dirFd, MemorySegment name, int flags) throws Errno {
    call("unlinkat", "", (state, arena) -> (int) unlinkat.handle().invokeExact(state, dirFd, name, flags));
  }

  public void rename(int oldDir, MemorySegment oldName, int newDir, MemorySegment newName,
      int flags) throws Errno {
    call("renameat2", "", (state, arena) ->
        (int) renameat2.handle().invokeExact(state, oldDir, oldName, newDir, newName, flags));
  }

  /**
   * A new name for the object behind {@code fd}: linkat(2) through its /proc/self/fd link, which
   * (unlike AT_EMPTY_PATH) needs no capability the thread's file-system identity lacks.
   */
  public void link(int fd, int newDir, MemorySegment newName) throws Errno {
    call("linkat", "", (state, arena) -> (int) linkat.handle().invokeExact(state, AT_FDCWD,
        arena.allocateFrom("/proc/self/fd/" + fd), newDir, newName, AT_SYMLINK_FOLLOW));
  }

  public void symlink(MemorySegment target, int dirFd, MemorySegment name) throws Errno {
    call("symlinkat", "", (state, arena) ->
        (int) symlinkat.handle().invokeExact(state, target, dirFd, name));
  }

  /** The target of the symbolic link behind {@code fd} (an O_PATH descriptor of it). */
  public byte[] readLink(int fd) throws Errno {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(4096);
      long length = call("readlinkat", "", (state, scratch) -> (long) readlinkat.handle().invokeExact(
          state, fd, scratch.allocateFrom(""), buffer, 4096L));
      return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }
  }

  /** fchownat(2) with AT_EMPTY_PATH: the owner of the object behind {@code fd}; -1 keeps one. */
  public void changeOwner(int fd, int uid, int gid) throws Errno {
    call("fchownat", "", (state, arena) -> (int) fchownat.handle().invokeExact(state, fd,
        arena.allocateFrom(""), uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
  }

  /** The permission bits of the object behind {@code fd} (not a symbolic link). */
  public void changeMode(int fd, int mode) throws Errno {
    call("fchmodat", "", (state, arena) -> (int) fchmodat.handle().invokeExact(state, AT_FDCWD,
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
      return (int) utimensat.handle().invokeExact(state, AT_FDCWD,
          arena.allocateFrom("/proc/self/fd/" + fd), times, 0);
    });
  }

  /** access(2) checks of the object behind {@code fd} with this thread's file-system identity. */
  public void checkAccess(int fd, int mode) throws Errno {
    call("faccessat", "", (state, arena) -> (int) faccessat.handle().invokeExact(state, AT_FDCWD,
        arena.allocateFrom("/proc/self/fd/" + fd), mode, AT_EACCESS));
  }

  /** umount2(2) with MNT_DETACH: the mount leaves the tree now, and goes when no longer used. */
  public void detach(String target) throws Errno {
    call("umount2", target, (state, arena) ->
        (int) umount2.handle().invokeExact(state, arena.allocateFrom(target), MNT_DETACH));
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
      return (long) syscall.handle().invokeExact(state, setgroupsNumber, (long) groups.size(), list);
    });
    try {
      int _ = (int) setfsgid.handle().invokeExact((int) gid);
      int _ = (int) setfsuid.handle().invokeExact((int) uid);
      // setfsuid reports no error; asking again returns the value in force.
      if ((int) setfsuid.handle().invokeExact(-1) != (int) uid || (int) setfsgid.handle().invokeExact(-1) != (int) gid) {
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

  private static IllegalStateException linkage(Throwable t) {
    return new IllegalStateException("native call failed: " + t, t);
  }
}
