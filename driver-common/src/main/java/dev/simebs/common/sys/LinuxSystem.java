package dev.simebs.common.sys;

import static java.lang.foreign.FunctionDescriptor.of;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The system calls the node makes, through Java's foreign function API: opening paths without
 * following links (openat2), mounting by file descriptor (the new mount API: fsopen, fsmount,
 * open_tree, mount_setattr, move_mount; classic mount(2) onto {@code /proc/self/fd/N} on kernels
 * without it), umount2(2), fstatvfs(3) and the loop-device ioctls. They replace losetup, mount and
 * umount, which cost a process each. Nothing else in the node touches native code.
 *
 * <p>Struct offsets and syscall numbers are those of Linux on 64-bit platforms (x86_64, aarch64).
 */
@SuppressWarnings("restricted") // the one class that calls native code, on purpose
public final class LinuxSystem {

  // <sys/mount.h>
  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_NOEXEC = 8;
  public static final long MS_SYNCHRONOUS = 16;
  public static final long MS_REMOUNT = 32;
  public static final long MS_DIRSYNC = 128;
  public static final long MS_NOATIME = 1024;
  public static final long MS_NODIRATIME = 2048;
  public static final long MS_BIND = 4096;
  public static final long MS_RELATIME = 1L << 21;
  public static final long MS_STRICTATIME = 1L << 24;
  public static final long MS_LAZYTIME = 1L << 25;

  // <linux/loop.h>
  private static final long LOOP_SET_FD = 0x4C00;
  private static final long LOOP_CLR_FD = 0x4C01;
  private static final long LOOP_SET_STATUS64 = 0x4C04;
  private static final long LOOP_GET_STATUS64 = 0x4C05;
  private static final long LOOP_SET_CAPACITY = 0x4C07;
  private static final long LOOP_CONFIGURE = 0x4C0A;
  private static final long LOOP_CTL_GET_FREE = 0x4C82;
  private static final int LO_FLAGS_READ_ONLY = 1;
  private static final int LO_FLAGS_AUTOCLEAR = 4;
  private static final int LO_FLAGS_DIRECT_IO = 16;
  private static final int LO_NAME_SIZE = 64;
  // struct loop_config { u32 fd; u32 block_size; struct loop_info64 info; u64 reserved[8]; }
  private static final int LOOP_CONFIG_SIZE = 304;
  private static final int LOOP_CONFIG_INFO_OFFSET = 8;
  private static final int LOOP_CONFIG_BLOCK_SIZE_OFFSET = 4;
  /**
   * Every loop device presents 512-byte logical sectors, whatever its backing file. Left to the
   * kernel, direct I/O takes the file's alignment, and xfs asks 4096 of a reflinked (shared)
   * file: a volume formatted on 512-byte sectors would not mount again once snapshotted, nor its
   * restores. Where direct I/O needs more, the kernel uses buffered I/O instead.
   */
  private static final int LOGICAL_SECTOR_BYTES = 512;
  // struct loop_info64: 5 x u64, then lo_number, lo_encrypt_type, lo_encrypt_key_size, lo_flags
  private static final int LOOP_INFO64_SIZE = 232;
  private static final int INFO_DEVICE_OFFSET = 0;
  private static final int INFO_INODE_OFFSET = 8;
  private static final int INFO_FLAGS_OFFSET = 52;
  private static final int INFO_FILE_NAME_OFFSET = 56;

  // <fcntl.h>; O_DIRECTORY and O_NOFOLLOW differ between x86_64 and the generic (aarch64) ABI
  private static final boolean GENERIC_ABI = "aarch64".equals(System.getProperty("os.arch"));
  private static final int O_RDONLY = 0;
  private static final int O_WRONLY = 1;
  private static final int O_RDWR = 2;
  private static final int O_CREAT = 0100;
  private static final int O_EXCL = 0200;
  private static final int O_DIRECTORY = GENERIC_ABI ? 040000 : 0200000;
  private static final int O_NOFOLLOW = GENERIC_ABI ? 0100000 : 0400000;
  private static final int O_CLOEXEC = 0x80000;
  private static final int O_PATH = 010000000;
  private static final int AT_FDCWD = -100;
  private static final int AT_REMOVEDIR = 0x200;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int SEEK_DATA = 3;

  // <errno.h>
  public static final int ENOENT = 2;
  private static final int ENXIO = 6;
  public static final int EACCES = 13;
  public static final int EPERM = 1;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  private static final int ENOTTY = 25;
  public static final int ENAMETOOLONG = 36;
  public static final int ENOTEMPTY = 39;
  private static final int ENOSYS = 38;
  private static final int ENODATA = 61;
  public static final int ELOOP = 40;

  // System calls without a wrapper in older C libraries; numbered alike on x86_64 and aarch64.
  private static final long SYS_OPEN_TREE = 428;
  private static final long SYS_MOVE_MOUNT = 429;
  private static final long SYS_FSOPEN = 430;
  private static final long SYS_FSCONFIG = 431;
  private static final long SYS_FSMOUNT = 432;
  private static final long SYS_OPENAT2 = 437;
  private static final long SYS_MOUNT_SETATTR = 442;
  // <linux/openat2.h>: struct open_how { u64 flags; u64 mode; u64 resolve; }
  private static final long RESOLVE_NO_SYMLINKS = 0x04;
  private static final int OPEN_HOW_SIZE = 24;
  // <linux/mount.h>
  private static final long OPEN_TREE_CLONE = 1;
  private static final long MOVE_MOUNT_F_EMPTY_PATH = 0x4;
  private static final long MOVE_MOUNT_T_EMPTY_PATH = 0x40;
  private static final long FSOPEN_CLOEXEC = 1;
  private static final long FSMOUNT_CLOEXEC = 1;
  private static final long FSCONFIG_SET_FLAG = 0;
  private static final long FSCONFIG_SET_STRING = 1;
  private static final long FSCONFIG_CMD_CREATE = 6;
  // struct mount_attr { u64 attr_set; u64 attr_clr; u64 propagation; u64 userns_fd; }
  private static final int MOUNT_ATTR_SIZE = 32;
  private static final int UMOUNT_NOFOLLOW = 8;

  // struct statx: stx_mask at 0, stx_mode (u16) at 0x1c, stx_mnt_id (u64) at 0x90
  private static final int STATX_SIZE = 256;
  private static final int STATX_TYPE = 0x1;
  private static final int STATX_MNT_ID = 0x1000;
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFBLK = 0060000;
  private static final int DIRECTORY_MODE = 0750;
  private static final int FILE_MODE = 0640;

  // struct statvfs: eleven unsigned longs, then int __f_spare[6]
  private static final int STATVFS_SIZE = 112;

  private static final int FREE_DEVICE_ATTEMPTS = 16;

  private final StructLayout callState = Linker.Option.captureStateLayout();
  private final VarHandle errnoHandle =
      callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private final LibcFunction mount;
  private final LibcFunction umount2;
  private final LibcFunction open;
  private final LibcFunction close;
  private final LibcFunction ioctlLong;
  private final LibcFunction ioctlPointer;
  private final LibcFunction lseek;
  private final LibcFunction strerror;
  private final LibcFunction syscall;
  private final LibcFunction openat;
  private final LibcFunction mkdirat;
  private final LibcFunction unlinkat;
  private final LibcFunction statx;
  private final LibcFunction fstatvfs;
  private final LibcFunction read;

  /** False once the kernel answered ENOSYS to openat2 (before 5.6): components are walked. */
  private volatile boolean openat2Available;

  /** False once the kernel answered ENOSYS to the new mount API (before 5.2). */
  private volatile boolean newMountApiAvailable;

  /** False once the kernel answered ENOSYS to mount_setattr (before 5.12). */
  private volatile boolean mountSetattrAvailable;

  /** A node using the newest system calls the kernel offers. */
  public LinuxSystem() {
    this(true);
  }

  /**
   * @param newestApis false to use only the calls of kernels before 5.2 (openat per component,
   *     classic mount(2) onto {@code /proc/self/fd/N}): how tests cover older kernels
   */
  LinuxSystem(boolean newestApis) {
    mount = LibcFunction.withErrno("mount", of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    umount2 = LibcFunction.withErrno("umount2", of(JAVA_INT, ADDRESS, JAVA_INT));
    open = LibcFunction.variadicWithErrno("open", of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    close = LibcFunction.plain("close", of(JAVA_INT, JAVA_INT));
    ioctlLong = LibcFunction.variadicWithErrno("ioctl", of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), 2);
    ioctlPointer =
        LibcFunction.variadicWithErrno("ioctl", of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);
    lseek = LibcFunction.withErrno("lseek", of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    strerror = LibcFunction.plain("strerror", of(ADDRESS, JAVA_INT));
    // long syscall(long number, ...): every argument passed as a 64-bit register value.
    syscall =
        LibcFunction.variadicWithErrno(
            "syscall",
            of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            1);
    openat =
        LibcFunction.variadicWithErrno("openat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    mkdirat = LibcFunction.withErrno("mkdirat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    unlinkat = LibcFunction.withErrno("unlinkat", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    statx = LibcFunction.withErrno("statx", of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    fstatvfs = LibcFunction.withErrno("fstatvfs", of(JAVA_INT, JAVA_INT, ADDRESS));
    read = LibcFunction.withErrno("read", of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    openat2Available = newestApis;
    newMountApiAvailable = newestApis;
    mountSetattrAvailable = newestApis;
  }

  /** File system usage of the file system mounted at {@code path}, in bytes and inodes. */
  public record FsUsage(
      long totalBytes, long freeBytes, long availableBytes, long totalInodes, long freeInodes) {}

  // ---- Paths, without following links -----------------------------------------------------

  /**
   * Opens {@code absolute} as an O_PATH handle without following a symbolic link in any of its
   * components (openat2 with RESOLVE_NO_SYMLINKS; on kernels before 5.6, one openat with
   * O_NOFOLLOW per component, each relative to the one before). A link anywhere is ELOOP, a
   * component that is not a directory ENOTDIR, a missing one ENOENT.
   */
  public PathHandle open(Path absolute) throws SystemCallException {
    if (!absolute.isAbsolute()) {
      throw new IllegalArgumentException("not an absolute path: " + absolute);
    }
    if (openat2Available) {
      try {
        return handle(openat2(absolute), absolute);
      } catch (SystemCallException e) {
        if (e.errno() != ENOSYS) {
          throw e;
        }
        openat2Available = false;
      }
    }
    return walk(absolute);
  }

  /**
   * Opens entry {@code name} of directory {@code directory} as an O_PATH handle; a symbolic link
   * there is ELOOP. The lookup crosses into a mount on the entry, as a path walk does.
   */
  public PathHandle openChild(PathHandle directory, String name) throws SystemCallException {
    PathHandle child =
        handle(openAt(directory.fd(), name, O_PATH | O_NOFOLLOW), directory.path().resolve(name));
    if (child.kind() == PathHandle.FileKind.SYMBOLIC_LINK) {
      child.close();
      throw new SystemCallException(
          "openat(" + child.path() + ")", ELOOP, "is a symbolic link");
    }
    return child;
  }

  /** mkdirat(2): a new directory {@code name} in {@code directory}; EEXIST if anything is there. */
  public void makeDirectory(PathHandle directory, String name) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int rc =
          (int)
              mkdirat.handle().invokeExact(state, directory.fd(), arena.allocateFrom(name), DIRECTORY_MODE);
      check(rc, state, "mkdirat(%s)", directory.path().resolve(name));
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  /** A new empty regular file {@code name} in {@code directory}; EEXIST if anything is there. */
  public void makeFile(PathHandle directory, String name) throws SystemCallException {
    closeFd(openAt(directory.fd(), name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW));
  }

  /** unlinkat(2) of entry {@code name}: a directory (which must be empty) or another file. */
  public void remove(PathHandle directory, String name, boolean isDirectory)
      throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int rc =
          (int)
              unlinkat.handle().invokeExact(
                  state, directory.fd(), arena.allocateFrom(name), isDirectory ? AT_REMOVEDIR : 0);
      check(rc, state, "unlinkat(%s)", directory.path().resolve(name));
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  /** The ID of the mount holding {@code handle}'s object, as mountinfo's first field names it. */
  public int mountId(PathHandle handle) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = statx(arena, handle.fd(), STATX_TYPE | STATX_MNT_ID, handle.path());
      if ((buf.get(JAVA_INT, 0) & STATX_MNT_ID) != 0) {
        return (int) buf.get(JAVA_LONG, 0x90);
      }
    }
    // Kernels before 5.8 only tell it in fdinfo.
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + handle.fd()))) {
        if (line.startsWith("mnt_id:")) {
          return Integer.parseInt(line.substring("mnt_id:".length()).strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the mount ID of " + handle.path(), e);
    }
    throw new IllegalStateException("the kernel reports no mount ID for " + handle.path());
  }

  /** fstatvfs(3) of the file system holding {@code handle}'s object. */
  public FsUsage statvfs(PathHandle handle) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment buf = arena.allocate(STATVFS_SIZE, 8);
      int rc = (int) fstatvfs.handle().invokeExact(state, handle.fd(), buf);
      check(rc, state, "fstatvfs(%s)", handle.path());
      long fragmentSize = buf.get(JAVA_LONG, 8);
      return new FsUsage(
          buf.get(JAVA_LONG, 16) * fragmentSize,
          buf.get(JAVA_LONG, 24) * fragmentSize,
          buf.get(JAVA_LONG, 32) * fragmentSize,
          buf.get(JAVA_LONG, 40),
          buf.get(JAVA_LONG, 48));
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private int openat2(Path absolute) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment how = arena.allocate(OPEN_HOW_SIZE, 8);
      how.set(JAVA_LONG, 0, O_PATH | O_CLOEXEC);
      how.set(JAVA_LONG, 16, RESOLVE_NO_SYMLINKS);
      return (int)
          sys(
              arena,
              "openat2(" + absolute + ")",
              SYS_OPENAT2,
              AT_FDCWD,
              arena.allocateFrom(absolute.toString()).address(),
              how.address(),
              OPEN_HOW_SIZE,
              0);
    }
  }

  private PathHandle walk(Path absolute) throws SystemCallException {
    PathHandle current = handle(openAt(AT_FDCWD, "/", O_PATH | O_DIRECTORY), absolute.getRoot());
    try {
      for (int i = 0; i < absolute.getNameCount(); i++) {
        if (current.kind() != PathHandle.FileKind.DIRECTORY) {
          throw new SystemCallException("openat(" + current.path() + ")", ENOTDIR, "Not a directory");
        }
        PathHandle next = openChild(current, absolute.getName(i).toString());
        current.close();
        current = next;
      }
      return current;
    } catch (SystemCallException | RuntimeException e) {
      current.close();
      throw e;
    }
  }

  private int openAt(int directoryFd, String name, int flags) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int fd =
          (int)
              openat.handle().invokeExact(
                  state, directoryFd, arena.allocateFrom(name), flags | O_CLOEXEC, FILE_MODE);
      check(fd, state, "openat(%s)", name);
      return fd;
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private PathHandle handle(int fd, Path path) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      int mode = statx(arena, fd, STATX_TYPE, path).get(JAVA_SHORT_UNALIGNED, 0x1c) & S_IFMT;
      PathHandle.FileKind kind =
          switch (mode) {
            case S_IFDIR -> PathHandle.FileKind.DIRECTORY;
            case S_IFREG -> PathHandle.FileKind.REGULAR_FILE;
            case S_IFLNK -> PathHandle.FileKind.SYMBOLIC_LINK;
            case S_IFBLK -> PathHandle.FileKind.BLOCK_DEVICE;
            default -> PathHandle.FileKind.OTHER;
          };
      return new PathHandle(fd, path, kind, this);
    } catch (SystemCallException | RuntimeException e) {
      closeFd(fd);
      throw e;
    }
  }

  private MemorySegment statx(Arena arena, int fd, int mask, Path what)
      throws SystemCallException {
    MemorySegment state = arena.allocate(callState);
    MemorySegment buf = arena.allocate(STATX_SIZE, 8);
    try {
      int rc = (int) statx.handle().invokeExact(state, fd, arena.allocateFrom(""), AT_EMPTY_PATH, mask, buf);
      check(rc, state, "statx(%s)", what);
      return buf;
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  // ---- Mounts, by file descriptor -----------------------------------------------------------

  /**
   * Mounts file system {@code fsType} from {@code source} onto {@code target}'s object. With the
   * new mount API each option is offered to the file system on its own (fsconfig), so a refused
   * one is a {@link RejectedMountOptionException} naming it; the kernel's own messages end up in
   * the error.
   *
   * @param data file-system specific options, {@code key} or {@code key=value}
   */
  public void mountFilesystem(
      String source, String fsType, Set<MountFlag> flags, List<String> data, PathHandle target)
      throws SystemCallException {
    if (newMountApiAvailable) {
      try {
        mountWithNewApi(source, fsType, flags, data, target);
        return;
      } catch (SystemCallException e) {
        if (e.errno() != ENOSYS) {
          throw e;
        }
        newMountApiAvailable = false;
      }
    }
    long classic = 0;
    for (MountFlag flag : flags) {
      classic |= flag.classicFlag();
    }
    mount(source, Path.of(target.procPath()), fsType, classic, String.join(",", data));
  }

  /**
   * Bind-mounts {@code source}'s object onto {@code target}'s object (not recursively), with
   * {@code flags} (only per-mount ones apply). With mount_setattr the flags are set before the
   * mount becomes visible; on older kernels the new mount is remounted through a handle to it.
   *
   * @param targetDirectory the directory holding the target, as entry {@code targetName}
   */
  public void bind(
      PathHandle source,
      PathHandle target,
      PathHandle targetDirectory,
      String targetName,
      Set<MountFlag> flags)
      throws SystemCallException {
    long[] attributes = mountAttributes(flags);
    if (newMountApiAvailable) {
      try {
        bindWithNewApi(source, target, attributes);
        return;
      } catch (SystemCallException e) {
        if (e.errno() != ENOSYS) {
          throw e;
        }
        newMountApiAvailable = false;
      }
    }
    mount(source.procPath(), Path.of(target.procPath()), "", MS_BIND, "");
    long classic = 0;
    for (MountFlag flag : flags) {
      classic |= flag.perMount() ? flag.classicFlag() : 0;
    }
    if (classic == 0) {
      return;
    }
    // The new mount covers the target's entry; reach it through its directory, which is pinned.
    try (PathHandle mounted = openChild(targetDirectory, targetName)) {
      if (mountId(mounted) == mountId(target)) {
        throw new SystemCallException("bind(" + target.path() + ")", EINVAL, "the new mount vanished");
      }
      mount("", Path.of(mounted.procPath()), "", MS_BIND | MS_REMOUNT | classic, "");
    }
  }

  /**
   * Unmounts the top-most mount on entry {@code name} of {@code directory} (umount2 with
   * UMOUNT_NOFOLLOW through the directory's handle, so no link can redirect it). The caller must
   * hold no handle inside that mount, or it is EBUSY.
   */
  public void unmount(PathHandle directory, String name) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      String path = directory.procPath() + "/" + name;
      int rc = (int) umount2.handle().invokeExact(state, arena.allocateFrom(path), UMOUNT_NOFOLLOW);
      check(rc, state, "umount2(%s)", directory.path().resolve(name));
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private void mountWithNewApi(
      String source, String fsType, Set<MountFlag> flags, List<String> data, PathHandle target)
      throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      int context =
          (int)
              sys(
                  arena,
                  "fsopen(" + fsType + ")",
                  SYS_FSOPEN,
                  arena.allocateFrom(fsType).address(),
                  FSOPEN_CLOEXEC,
                  0,
                  0,
                  0);
      try {
        fsconfig(arena, context, FSCONFIG_SET_STRING, "source", source, fsType);
        for (MountFlag flag : flags) {
          if (flag.superblock()) {
            fsconfig(arena, context, FSCONFIG_SET_FLAG, flag.option(), null, fsType);
          }
        }
        for (String option : data) {
          int eq = option.indexOf('=');
          try {
            if (eq < 0) {
              fsconfig(arena, context, FSCONFIG_SET_FLAG, option, null, fsType);
            } else {
              fsconfig(
                  arena,
                  context,
                  FSCONFIG_SET_STRING,
                  option.substring(0, eq),
                  option.substring(eq + 1),
                  fsType);
            }
          } catch (SystemCallException e) {
            throw new RejectedMountOptionException(option, fsType, e, kernelMessages(context));
          }
        }
        try {
          fsconfig(arena, context, FSCONFIG_CMD_CREATE, null, null, fsType);
        } catch (SystemCallException e) {
          throw e.withDetail(kernelMessages(context));
        }
        long[] attributes = mountAttributes(flags);
        int mounted =
            (int)
                sys(
                    arena,
                    "fsmount(" + fsType + ")",
                    SYS_FSMOUNT,
                    context,
                    FSMOUNT_CLOEXEC,
                    attributes[0],
                    0,
                    0);
        try {
          moveMount(arena, mounted, target);
        } finally {
          closeFd(mounted);
        }
      } finally {
        closeFd(context);
      }
    }
  }

  private void bindWithNewApi(PathHandle source, PathHandle target, long[] attributes)
      throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      int tree =
          (int)
              sys(
                  arena,
                  "open_tree(" + source.path() + ")",
                  SYS_OPEN_TREE,
                  source.fd(),
                  arena.allocateFrom("").address(),
                  OPEN_TREE_CLONE | O_CLOEXEC | AT_EMPTY_PATH,
                  0,
                  0);
      try {
        boolean noFlags = attributes[0] == 0 && attributes[1] == 0;
        boolean setBeforeAttaching = noFlags || setAttributes(arena, tree, attributes);
        moveMount(arena, tree, target);
        if (!setBeforeAttaching) {
          // mount_setattr is missing (before 5.12): the tree's handle now names the new mount.
          mount("", Path.of("/proc/self/fd/" + tree), "", MS_BIND | MS_REMOUNT | attributes[2], "");
        }
      } finally {
        closeFd(tree);
      }
    }
  }

  /** mount_setattr on a detached tree; false when the kernel lacks the call. */
  private boolean setAttributes(Arena arena, int tree, long[] attributes)
      throws SystemCallException {
    if (!mountSetattrAvailable) {
      return false;
    }
    MemorySegment attr = arena.allocate(MOUNT_ATTR_SIZE, 8);
    attr.set(JAVA_LONG, 0, attributes[0]);
    attr.set(JAVA_LONG, 8, attributes[1]);
    try {
      sys(
          arena,
          "mount_setattr",
          SYS_MOUNT_SETATTR,
          tree,
          arena.allocateFrom("").address(),
          AT_EMPTY_PATH,
          attr.address(),
          MOUNT_ATTR_SIZE);
      return true;
    } catch (SystemCallException e) {
      if (e.errno() != ENOSYS) {
        throw e;
      }
      mountSetattrAvailable = false;
      return false;
    }
  }

  private void moveMount(Arena arena, int mountFd, PathHandle target) throws SystemCallException {
    MemorySegment empty = arena.allocateFrom("");
    sys(
        arena,
        "move_mount(" + target.path() + ")",
        SYS_MOVE_MOUNT,
        mountFd,
        empty.address(),
        target.fd(),
        empty.address(),
        MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
  }

  private void fsconfig(
      Arena arena, int context, long command, String key, String value, String fsType)
      throws SystemCallException {
    sys(
        arena,
        "fsconfig(" + fsType + (key == null ? "" : ", " + key) + ")",
        SYS_FSCONFIG,
        context,
        command,
        key == null ? 0 : arena.allocateFrom(key).address(),
        value == null ? 0 : arena.allocateFrom(value).address(),
        0);
  }

  /** What the file system wrote to its mount context's log, e.g. why it refused an option. */
  private String kernelMessages(int context) {
    List<String> messages = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment buf = arena.allocate(512);
      for (int i = 0; i < 8; i++) {
        long n = (long) read.handle().invokeExact(state, context, buf, buf.byteSize() - 1);
        if (n <= 0) {
          break;
        }
        buf.set(JAVA_BYTE, n, (byte) 0);
        messages.add(buf.getString(0).strip());
      }
    } catch (Throwable t) {
      // The log only adds detail; an error without it is still an error.
    }
    return String.join("; ", messages);
  }

  /** {attr_set, attr_clr, classic MS_* flags} for the per-mount {@code flags}. */
  private static long[] mountAttributes(Set<MountFlag> flags) {
    long set = 0;
    long clear = 0;
    long classic = 0;
    for (MountFlag flag : flags) {
      if (!flag.perMount()) {
        continue;
      }
      set |= flag.mountAttribute();
      classic |= flag.classicFlag();
      if (flag.isAtimeMode()) {
        clear |= MountFlag.ATIME_MODE_MASK;
      }
    }
    return new long[] {set, clear, classic};
  }

  /** syscall(2) with up to five arguments, each a register value; errno on failure. */
  private long sys(Arena arena, String what, long number, long a, long b, long c, long d, long e)
      throws SystemCallException {
    MemorySegment state = arena.allocate(callState);
    long rc;
    try {
      rc = (long) syscall.handle().invokeExact(state, number, a, b, c, d, e);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
    if (rc < 0) {
      int errno = (int) errnoHandle.get(state, 0L);
      throw new SystemCallException(what, errno, describe(errno));
    }
    return rc;
  }

  /** mount(2). {@code data} may be empty. */
  public void mount(String source, Path target, String fsType, long flags, String data)
      throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment options = data.isEmpty() ? MemorySegment.NULL : arena.allocateFrom(data);
      int rc =
          (int)
              mount.handle().invokeExact(
                  state,
                  arena.allocateFrom(source),
                  arena.allocateFrom(target.toString()),
                  arena.allocateFrom(fsType),
                  flags,
                  options);
      check(rc, state, "mount(%s, %s, %s, 0x%x, %s)", source, target, fsType, flags, data);
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  /**
   * False only when {@code file} is one hole from start to end (lseek SEEK_DATA finds nothing), so
   * every byte reads as zero: a sparse volume that was never written. A file system that cannot
   * answer counts as holding data.
   */
  public boolean holdsData(Path file) throws SystemCallException {
    int fd = openFd(file.toString(), O_RDONLY);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      long offset = (long) lseek.handle().invokeExact(state, fd, 0L, SEEK_DATA);
      return offset >= 0 || (int) errnoHandle.get(state, 0L) != ENXIO;
    } catch (Throwable t) {
      throw linkageFailure(t);
    } finally {
      closeFd(fd);
    }
  }

  /**
   * Binds {@code file} to a free loop device (direct I/O where the backing file system allows it)
   * and returns the device's number. Retries when another process takes the free device first.
   * {@code label} becomes the device's lo_file_name (at most 63 bytes) in the same call that binds
   * it, so no moment exists in which the device is bound but unlabelled.
   */
  public int attachLoop(Path file, boolean readOnly, String label) throws SystemCallException {
    int fileFd = openFd(file.toString(), readOnly ? O_RDONLY : O_RDWR);
    try {
      SystemCallException last = null;
      for (int attempt = 0; attempt < FREE_DEVICE_ATTEMPTS; attempt++) {
        int number = freeLoopNumber();
        try {
          configure("/dev/loop" + number, fileFd, label, readOnly ? LO_FLAGS_READ_ONLY : 0);
          return number;
        } catch (SystemCallException e) {
          if (e.errno() != EBUSY) {
            throw e;
          }
          last = e;
        }
      }
      throw last;
    } finally {
      closeFd(fileFd);
    }
  }

  /** LOOP_SET_CAPACITY: re-reads the backing file's size after it grew. */
  public void refreshLoopCapacity(String device) throws SystemCallException {
    int fd = openFd(device, O_RDONLY);
    try {
      ioctl(fd, LOOP_SET_CAPACITY, 0, device);
    } finally {
      closeFd(fd);
    }
  }

  /**
   * Opens a device read-only (for {@link LoopHandle}); the caller closes it. Empty when there is no
   * such device (ENOENT, ENXIO).
   */
  OptionalInt openDevice(String device) throws SystemCallException {
    try {
      return OptionalInt.of(openFd(device, O_RDONLY));
    } catch (SystemCallException e) {
      if (e.errno() == ENOENT || e.errno() == ENXIO) {
        return OptionalInt.empty();
      }
      throw e;
    }
  }

  /** Closes a descriptor from {@link #openDevice}. */
  void closeDevice(int fd) {
    closeFd(fd);
  }

  /**
   * LOOP_GET_STATUS64 on an open loop device: its backing file's device and inode, its
   * lo_file_name and flags. Empty when the device is not bound (ENXIO).
   */
  Optional<LoopStatus> loopStatus(int fd, String device) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment info = arena.allocate(LOOP_INFO64_SIZE, 8);
      try {
        ioctlWith(fd, LOOP_GET_STATUS64, info, device);
      } catch (SystemCallException e) {
        if (e.errno() == ENXIO) {
          return Optional.empty();
        }
        throw e;
      }
      int flags = info.get(JAVA_INT, INFO_FLAGS_OFFSET);
      return Optional.of(
          new LoopStatus(
              info.get(JAVA_LONG, INFO_DEVICE_OFFSET),
              info.get(JAVA_LONG, INFO_INODE_OFFSET),
              info.asSlice(INFO_FILE_NAME_OFFSET, LO_NAME_SIZE).getString(0),
              (flags & LO_FLAGS_READ_ONLY) != 0,
              (flags & LO_FLAGS_AUTOCLEAR) != 0));
    }
  }

  /**
   * LOOP_CLR_FD through a descriptor the caller holds: the kernel detaches at once when that
   * descriptor is the device's only opener, and at the last close otherwise. An unbound device
   * counts as detached.
   */
  void clearLoop(int fd, String device) throws SystemCallException {
    try {
      ioctl(fd, LOOP_CLR_FD, 0, device);
    } catch (SystemCallException e) {
      if (e.errno() != ENXIO) {
        throw e;
      }
    }
  }

  private int freeLoopNumber() throws SystemCallException {
    int control = openFd("/dev/loop-control", O_RDWR);
    try {
      return ioctl(control, LOOP_CTL_GET_FREE, 0, "/dev/loop-control");
    } finally {
      closeFd(control);
    }
  }

  private void configure(String device, int fileFd, String label, int flags)
      throws SystemCallException {
    int deviceFd = openFd(device, O_RDWR);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment config = arena.allocate(LOOP_CONFIG_SIZE, 8);
      config.set(JAVA_INT, 0, fileFd);
      config.set(JAVA_INT, LOOP_CONFIG_BLOCK_SIZE_OFFSET, LOGICAL_SECTOR_BYTES);
      MemorySegment info = config.asSlice(LOOP_CONFIG_INFO_OFFSET, LOOP_INFO64_SIZE);
      writeFileName(info, label);
      info.set(JAVA_INT, INFO_FLAGS_OFFSET, flags | LO_FLAGS_DIRECT_IO);
      try {
        ioctlWith(deviceFd, LOOP_CONFIGURE, config, device);
      } catch (SystemCallException e) {
        switch (e.errno()) {
          // The backing file system cannot do direct I/O: buffered I/O it is.
          case EINVAL -> {
            info.set(JAVA_INT, INFO_FLAGS_OFFSET, flags);
            ioctlWith(deviceFd, LOOP_CONFIGURE, config, device);
          }
          // Kernels before 5.8 lack LOOP_CONFIGURE.
          case ENOTTY -> {
            // LOOP_SET_FD takes read-only-ness from how the file was opened.
            info.set(JAVA_INT, INFO_FLAGS_OFFSET, 0);
            ioctl(deviceFd, LOOP_SET_FD, fileFd, device);
            ioctlWith(deviceFd, LOOP_SET_STATUS64, info, device);
          }
          default -> throw e;
        }
      }
    } finally {
      closeFd(deviceFd);
    }
  }

  private static void writeFileName(MemorySegment info, String label) {
    byte[] name = label.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(name.length, LO_NAME_SIZE - 1);
    MemorySegment.copy(name, 0, info, JAVA_BYTE, INFO_FILE_NAME_OFFSET, length);
  }

  private int openFd(String path, int flags) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int fd = (int) open.handle().invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, 0);
      check(fd, state, "open(%s)", path);
      return fd;
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  void closeFd(int fd) {
    try {
      int ignored = (int) close.handle().invokeExact(fd);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private int ioctl(int fd, long request, long argument, String what) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int rc = (int) ioctlLong.handle().invokeExact(state, fd, request, argument);
      check(rc, state, "ioctl(%s, 0x%x)", what, request);
      return rc;
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private void ioctlWith(int fd, long request, MemorySegment argument, String what)
      throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int rc = (int) ioctlPointer.handle().invokeExact(state, fd, request, argument);
      check(rc, state, "ioctl(%s, 0x%x)", what, request);
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private void check(int rc, MemorySegment state, String format, Object... args)
      throws SystemCallException {
    if (rc >= 0) {
      return;
    }
    int errno = (int) errnoHandle.get(state, 0L);
    throw new SystemCallException(String.format(format, args), errno, describe(errno));
  }

  private String describe(int errno) {
    try {
      MemorySegment text = (MemorySegment) strerror.handle().invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static IllegalStateException linkageFailure(Throwable t) {
    return new IllegalStateException("native call failed: " + t, t);
  }
}
