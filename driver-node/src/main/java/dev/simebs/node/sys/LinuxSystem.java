package dev.simebs.node.sys;

import static java.lang.foreign.FunctionDescriptor.of;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The system calls the node makes, through Java's foreign function API: mount(2), umount2(2),
 * statvfs(3) and the loop-device ioctls. They replace losetup, mount and umount, which cost a
 * process each. Nothing else in the node touches native code.
 *
 * <p>Struct offsets are those of Linux on 64-bit platforms (x86_64, aarch64).
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
  private static final long LOOP_SET_CAPACITY = 0x4C07;
  private static final long LOOP_CONFIGURE = 0x4C0A;
  private static final long LOOP_CTL_GET_FREE = 0x4C82;
  private static final int LO_FLAGS_READ_ONLY = 1;
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
  private static final int INFO_FLAGS_OFFSET = 52;
  private static final int INFO_FILE_NAME_OFFSET = 56;

  // <fcntl.h>, <errno.h>
  private static final int O_RDONLY = 0;
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 0x80000;
  private static final int SEEK_DATA = 3;
  private static final int ENXIO = 6;
  private static final int EBUSY = 16;
  private static final int EINVAL = 22;
  private static final int ENOTTY = 25;

  // struct statvfs: eleven unsigned longs, then int __f_spare[6]
  private static final int STATVFS_SIZE = 112;

  private static final int FREE_DEVICE_ATTEMPTS = 16;

  private final StructLayout callState = Linker.Option.captureStateLayout();
  private final VarHandle errnoHandle =
      callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private final MethodHandle mount;
  private final MethodHandle umount2;
  private final MethodHandle open;
  private final MethodHandle close;
  private final MethodHandle ioctlLong;
  private final MethodHandle ioctlPointer;
  private final MethodHandle statvfs;
  private final MethodHandle lseek;
  private final MethodHandle strerror;

  public LinuxSystem() {
    Libc libc = new Libc(Linker.nativeLinker());
    mount = libc.withErrno("mount", of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    umount2 = libc.withErrno("umount2", of(JAVA_INT, ADDRESS, JAVA_INT));
    open = libc.variadicWithErrno("open", of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    close = libc.plain("close", of(JAVA_INT, JAVA_INT));
    ioctlLong = libc.variadicWithErrno("ioctl", of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    ioctlPointer = libc.variadicWithErrno("ioctl", of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    statvfs = libc.withErrno("statvfs", of(JAVA_INT, ADDRESS, ADDRESS));
    lseek = libc.withErrno("lseek", of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    strerror = libc.plain("strerror", of(ADDRESS, JAVA_INT));
  }

  /** Looks up C library functions and makes method handles for them. */
  private record Libc(Linker linker) {

    MethodHandle plain(String name, FunctionDescriptor descriptor) {
      return handle(name, descriptor);
    }

    /** A function that reports failure in errno, which the handle captures. */
    MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
      return handle(name, descriptor, Linker.Option.captureCallState("errno"));
    }

    /** As {@link #withErrno}, for open(2) and ioctl(2), variadic after their second argument. */
    MethodHandle variadicWithErrno(String name, FunctionDescriptor descriptor) {
      return handle(
          name,
          descriptor,
          Linker.Option.captureCallState("errno"),
          Linker.Option.firstVariadicArg(2));
    }

    private MethodHandle handle(
        String name, FunctionDescriptor descriptor, Linker.Option... options) {
      MemorySegment symbol =
          linker
              .defaultLookup()
              .find(name)
              .orElseThrow(() -> new IllegalStateException("libc lacks " + name));
      return linker.downcallHandle(symbol, descriptor, options);
    }
  }

  /** File system usage of the file system mounted at {@code path}, in bytes and inodes. */
  public record FsUsage(
      long totalBytes, long freeBytes, long availableBytes, long totalInodes, long freeInodes) {}

  /** mount(2). {@code data} may be empty. */
  public void mount(String source, Path target, String fsType, long flags, String data)
      throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment options = data.isEmpty() ? MemorySegment.NULL : arena.allocateFrom(data);
      int rc =
          (int)
              mount.invokeExact(
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

  /** umount2(2) without flags: fails with EBUSY while the file system is in use. */
  public void unmount(Path target) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int rc = (int) umount2.invokeExact(state, arena.allocateFrom(target.toString()), 0);
      check(rc, state, "umount2(%s)", target);
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  /** statvfs(3) of the file system holding {@code path}. */
  public FsUsage statvfs(Path path) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      MemorySegment buf = arena.allocate(STATVFS_SIZE, 8);
      int rc = (int) statvfs.invokeExact(state, arena.allocateFrom(path.toString()), buf);
      check(rc, state, "statvfs(%s)", path);
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

  /**
   * False only when {@code file} is one hole from start to end (lseek SEEK_DATA finds nothing), so
   * every byte reads as zero: a sparse volume that was never written. A file system that cannot
   * answer counts as holding data.
   */
  public boolean holdsData(Path file) throws SystemCallException {
    int fd = openFd(file.toString(), O_RDONLY);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      long offset = (long) lseek.invokeExact(state, fd, 0L, SEEK_DATA);
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
   */
  public int attachLoop(Path file, boolean readOnly) throws SystemCallException {
    int fileFd = openFd(file.toString(), readOnly ? O_RDONLY : O_RDWR);
    try {
      SystemCallException last = null;
      for (int attempt = 0; attempt < FREE_DEVICE_ATTEMPTS; attempt++) {
        int number = freeLoopNumber();
        try {
          configure("/dev/loop" + number, fileFd, file, readOnly ? LO_FLAGS_READ_ONLY : 0);
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

  /** LOOP_CLR_FD. A device that is already free counts as detached. */
  public void detachLoop(String device) throws SystemCallException {
    int fd = openFd(device, O_RDONLY);
    try {
      try {
        ioctl(fd, LOOP_CLR_FD, 0, device);
      } catch (SystemCallException e) {
        if (e.errno() != ENXIO) {
          throw e;
        }
      }
    } finally {
      closeFd(fd);
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

  private int freeLoopNumber() throws SystemCallException {
    int control = openFd("/dev/loop-control", O_RDWR);
    try {
      return ioctl(control, LOOP_CTL_GET_FREE, 0, "/dev/loop-control");
    } finally {
      closeFd(control);
    }
  }

  private void configure(String device, int fileFd, Path file, int flags)
      throws SystemCallException {
    int deviceFd = openFd(device, O_RDWR);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment config = arena.allocate(LOOP_CONFIG_SIZE, 8);
      config.set(JAVA_INT, 0, fileFd);
      config.set(JAVA_INT, LOOP_CONFIG_BLOCK_SIZE_OFFSET, LOGICAL_SECTOR_BYTES);
      MemorySegment info = config.asSlice(LOOP_CONFIG_INFO_OFFSET, LOOP_INFO64_SIZE);
      writeFileName(info, file);
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

  private static void writeFileName(MemorySegment info, Path file) {
    byte[] name = file.toString().getBytes(StandardCharsets.UTF_8);
    int length = Math.min(name.length, LO_NAME_SIZE - 1);
    MemorySegment.copy(name, 0, info, JAVA_BYTE, INFO_FILE_NAME_OFFSET, length);
  }

  private int openFd(String path, int flags) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int fd = (int) open.invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, 0);
      check(fd, state, "open(%s)", path);
      return fd;
    } catch (SystemCallException e) {
      throw e;
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private void closeFd(int fd) {
    try {
      int ignored = (int) close.invokeExact(fd);
    } catch (Throwable t) {
      throw linkageFailure(t);
    }
  }

  private int ioctl(int fd, long request, long argument, String what) throws SystemCallException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(callState);
      int rc = (int) ioctlLong.invokeExact(state, fd, request, argument);
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
      int rc = (int) ioctlPointer.invokeExact(state, fd, request, argument);
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
      MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static IllegalStateException linkageFailure(Throwable t) {
    return new IllegalStateException("native call failed: " + t, t);
  }
}
