package dev.simebs.efs.node.fuse;

import static dev.simebs.efs.node.fuse.FuseProtocol.ATTR_OUT;
import static dev.simebs.efs.node.fuse.FuseProtocol.ENTRY_OUT;
import static dev.simebs.efs.node.fuse.FuseProtocol.IN_HEADER;
import static dev.simebs.efs.node.fuse.FuseProtocol.OPEN_OUT;
import static dev.simebs.efs.node.fuse.FuseProtocol.OUT_HEADER;
import static dev.simebs.efs.node.sys.EfsSyscalls.AT_EMPTY_PATH;
import static dev.simebs.efs.node.sys.EfsSyscalls.AT_REMOVEDIR;
import static dev.simebs.efs.node.sys.EfsSyscalls.AT_SYMLINK_NOFOLLOW;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_ACCMODE;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_APPEND;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_CREAT;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_DIRECT;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_DIRECTORY;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_EXCL;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_NOCTTY;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_NOFOLLOW;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_PATH;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_RDONLY;
import static dev.simebs.efs.node.sys.EfsSyscalls.O_WRONLY;
import static dev.simebs.efs.node.sys.EfsSyscalls.UTIME_NOW;
import static dev.simebs.efs.node.sys.EfsSyscalls.UTIME_OMIT;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.simebs.efs.node.fuse.InodeTable.Inode;
import dev.simebs.efs.node.sys.EfsSyscalls;
import dev.simebs.efs.node.sys.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers FUSE requests for one served directory. Every file-system operation is made with the
 * *at() calls relative to the descriptor of the node it names, by a thread whose file-system
 * identity is the access point's POSIX user: the kernel then does the permission checks and
 * sets the owner of what is created exactly as for that user. Names come from the kernel one
 * component at a time; "." and ".." are refused, so nothing above the served root is reachable.
 *
 * <p>Attributes and entries are never cached by the kernel (timeouts of 0) and file pages are
 * dropped at every open, so every node sees what every other node wrote, as NFS with
 * close-to-open consistency and no attribute cache does.
 */
final class FuseOperations {

  private static final int DIRENT_HEADER = 24;
  private static final int STATX_BUFFER = 256;

  private final EfsSyscalls calls;
  private final InodeTable inodes;
  private final boolean readOnly;
  /** Descriptors handed to the kernel as file handles; anything else is a stale handle. */
  private final Set<Long> handles = ConcurrentHashMap.newKeySet();

  FuseOperations(EfsSyscalls calls, InodeTable inodes, boolean readOnly) {
    this.calls = calls;
    this.inodes = inodes;
    this.readOnly = readOnly;
  }

  /** The per-thread buffers one request needs besides the request itself. */
  static final class Scratch {
    final MemorySegment reply;
    final MemorySegment statx;
    final MemorySegment directory;
    final MemorySegment emptyName;

    Scratch(Arena arena) {
      reply = arena.allocate(OUT_HEADER + FuseProtocol.MAX_WRITE + 4096, 4096);
      statx = arena.allocate(STATX_BUFFER, 8);
      directory = arena.allocate(FuseProtocol.MAX_WRITE, 8);
      emptyName = arena.allocateFrom("");
    }
  }

  /**
   * Answers one request: writes the reply (if the opcode has one) to {@code out} at
   * OUT_HEADER and returns its payload length, or -1 when no reply is due.
   *
   * @throws Errno the error to answer with
   */
  int handle(int opcode, long nodeId, MemorySegment in, int length, Scratch s) throws Errno {
    MemorySegment body = in.asSlice(IN_HEADER, length - IN_HEADER);
    MemorySegment out = s.reply.asSlice(OUT_HEADER);
    return switch (opcode) {
      case FuseProtocol.INIT -> init(body, out);
      case FuseProtocol.LOOKUP -> lookup(inodes.get(nodeId), body, out, s);
      case FuseProtocol.FORGET -> {
        inodes.forget(nodeId, body.get(JAVA_LONG, 0));
        yield -1;
      }
      case FuseProtocol.BATCH_FORGET -> batchForget(body);
      case FuseProtocol.GETATTR -> attributes(inodes.get(nodeId).fd(), out, s);
      case FuseProtocol.SETATTR -> setAttributes(inodes.get(nodeId), body, out, s);
      case FuseProtocol.READLINK -> readLink(inodes.get(nodeId), out);
      case FuseProtocol.SYMLINK -> symlink(inodes.get(nodeId), body, out, s);
      case FuseProtocol.MKNOD -> makeNode(inodes.get(nodeId), body, out, s);
      case FuseProtocol.MKDIR -> makeDirectory(inodes.get(nodeId), body, out, s);
      case FuseProtocol.UNLINK -> remove(inodes.get(nodeId), body, 0);
      case FuseProtocol.RMDIR -> remove(inodes.get(nodeId), body, AT_REMOVEDIR);
      case FuseProtocol.RENAME -> rename(inodes.get(nodeId), body, 8, 0);
      case FuseProtocol.RENAME2 -> rename(inodes.get(nodeId), body, 16, body.get(JAVA_INT, 8));
      case FuseProtocol.LINK -> link(inodes.get(nodeId), body, out, s);
      case FuseProtocol.OPEN -> open(inodes.get(nodeId), body.get(JAVA_INT, 0), out);
      case FuseProtocol.OPENDIR -> openDirectory(inodes.get(nodeId), out);
      case FuseProtocol.CREATE -> create(inodes.get(nodeId), body, out, s);
      case FuseProtocol.READ -> read(body, out);
      case FuseProtocol.WRITE -> write(body, out);
      case FuseProtocol.READDIR -> readDirectory(body, out, s);
      case FuseProtocol.RELEASE, FuseProtocol.RELEASEDIR -> release(body.get(JAVA_LONG, 0));
      case FuseProtocol.FLUSH, FuseProtocol.DESTROY -> 0;
      case FuseProtocol.FSYNC, FuseProtocol.FSYNCDIR -> {
        calls.sync(handle(body.get(JAVA_LONG, 0)), (body.get(JAVA_INT, 8) & 1) != 0);
        yield 0;
      }
      case FuseProtocol.STATFS -> statfs(inodes.get(nodeId), out);
      case FuseProtocol.ACCESS -> {
        calls.checkAccess(inodes.get(nodeId).fd(), body.get(JAVA_INT, 0));
        yield 0;
      }
      case FuseProtocol.FALLOCATE -> {
        writable();
        calls.allocate(handle(body.get(JAVA_LONG, 0)), body.get(JAVA_INT, 24),
            body.get(JAVA_LONG, 8), body.get(JAVA_LONG, 16));
        yield 0;
      }
      case FuseProtocol.LSEEK -> {
        out.set(JAVA_LONG, 0, calls.seek(handle(body.get(JAVA_LONG, 0)), body.get(JAVA_LONG, 8),
            body.get(JAVA_INT, 16)));
        yield 8;
      }
      case FuseProtocol.INTERRUPT -> -1; // every request finishes quickly; nothing to cancel
      default -> throw new Errno("FUSE opcode", Integer.toString(opcode), Errno.ENOSYS);
    };
  }

  /** Closes what is still open when the session ends. */
  void closeHandles() {
    handles.forEach(fd -> calls.close((int) (long) fd));
    handles.clear();
  }

  private static int init(MemorySegment body, MemorySegment out) throws Errno {
    int major = body.get(JAVA_INT, 0);
    if (major < FuseProtocol.MAJOR) {
      throw new Errno("FUSE init", "protocol " + major, Errno.EINVAL);
    }
    out.asSlice(0, FuseProtocol.INIT_OUT).fill((byte) 0);
    out.set(JAVA_INT, 0, FuseProtocol.MAJOR);
    out.set(JAVA_INT, 4, FuseProtocol.MINOR);
    out.set(JAVA_INT, 8, body.get(JAVA_INT, 8)); // max_readahead as offered
    out.set(JAVA_INT, 12, body.get(JAVA_INT, 12) & FuseProtocol.ACCEPTED_FLAGS);
    out.set(JAVA_SHORT, 16, (short) 16); // max_background
    out.set(JAVA_SHORT, 18, (short) 12); // congestion_threshold
    out.set(JAVA_INT, 20, FuseProtocol.MAX_WRITE);
    out.set(JAVA_INT, 24, 1); // time_gran: nanoseconds
    return FuseProtocol.INIT_OUT;
  }

  private int lookup(Inode parent, MemorySegment name, MemorySegment out, Scratch s)
      throws Errno {
    refuseDots(name);
    int fd = calls.openAt(parent.fd(), name, O_PATH | O_NOFOLLOW, 0);
    return entry(fd, out, s);
  }

  /** Registers the object behind a new O_PATH {@code fd} and writes its entry_out. */
  private int entry(int fd, MemorySegment out, Scratch s) throws Errno {
    try {
      calls.stat(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, s.statx);
    } catch (Errno e) {
      calls.close(fd);
      throw e;
    }
    Inode inode = inodes.remember(fd, device(s.statx), s.statx.get(JAVA_LONG, 32));
    out.set(JAVA_LONG, 0, inode.nodeId());
    out.set(JAVA_LONG, 8, 0); // generation: node IDs are never reused
    out.set(JAVA_LONG, 16, 0); // entry_valid
    out.set(JAVA_LONG, 24, 0); // attr_valid
    out.set(JAVA_INT, 32, 0);
    out.set(JAVA_INT, 36, 0);
    writeAttr(s.statx, out.asSlice(40));
    return ENTRY_OUT;
  }

  private int attributes(int fd, MemorySegment out, Scratch s) throws Errno {
    calls.stat(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, s.statx);
    out.set(JAVA_LONG, 0, 0); // attr_valid
    out.set(JAVA_INT, 8, 0);
    out.set(JAVA_INT, 12, 0);
    writeAttr(s.statx, out.asSlice(16));
    return ATTR_OUT;
  }

  private static void writeAttr(MemorySegment statx, MemorySegment attr) {
    attr.set(JAVA_LONG, 0, statx.get(JAVA_LONG, 32)); // ino
    attr.set(JAVA_LONG, 8, statx.get(JAVA_LONG, 40)); // size
    attr.set(JAVA_LONG, 16, statx.get(JAVA_LONG, 48)); // blocks
    attr.set(JAVA_LONG, 24, statx.get(JAVA_LONG, 64)); // atime
    attr.set(JAVA_LONG, 32, statx.get(JAVA_LONG, 112)); // mtime
    attr.set(JAVA_LONG, 40, statx.get(JAVA_LONG, 96)); // ctime
    attr.set(JAVA_INT, 48, statx.get(JAVA_INT, 72));
    attr.set(JAVA_INT, 52, statx.get(JAVA_INT, 120));
    attr.set(JAVA_INT, 56, statx.get(JAVA_INT, 104));
    attr.set(JAVA_INT, 60, Short.toUnsignedInt(statx.get(JAVA_SHORT, 28))); // mode
    attr.set(JAVA_INT, 64, statx.get(JAVA_INT, 16)); // nlink
    attr.set(JAVA_INT, 68, statx.get(JAVA_INT, 20)); // uid
    attr.set(JAVA_INT, 72, statx.get(JAVA_INT, 24)); // gid
    int major = statx.get(JAVA_INT, 128);
    int minor = statx.get(JAVA_INT, 132);
    attr.set(JAVA_INT, 76, (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)); // rdev
    attr.set(JAVA_INT, 80, statx.get(JAVA_INT, 4)); // blksize
    attr.set(JAVA_INT, 84, 0);
  }

  private static long device(MemorySegment statx) {
    return ((long) statx.get(JAVA_INT, 136) << 32) | Integer.toUnsignedLong(statx.get(JAVA_INT, 140));
  }

  private int setAttributes(Inode inode, MemorySegment in, MemorySegment out, Scratch s)
      throws Errno {
    writable();
    int valid = in.get(JAVA_INT, 0);
    if ((valid & FuseProtocol.FATTR_MODE) != 0) {
      calls.changeMode(inode.fd(), in.get(JAVA_INT, 68) & 07777);
    }
    if ((valid & (FuseProtocol.FATTR_UID | FuseProtocol.FATTR_GID)) != 0) {
      calls.changeOwner(inode.fd(),
          (valid & FuseProtocol.FATTR_UID) != 0 ? in.get(JAVA_INT, 76) : -1,
          (valid & FuseProtocol.FATTR_GID) != 0 ? in.get(JAVA_INT, 80) : -1);
    }
    if ((valid & FuseProtocol.FATTR_SIZE) != 0) {
      truncate(inode, valid, in);
    }
    int times = FuseProtocol.FATTR_ATIME | FuseProtocol.FATTR_MTIME
        | FuseProtocol.FATTR_ATIME_NOW | FuseProtocol.FATTR_MTIME_NOW;
    if ((valid & times) != 0) {
      calls.changeTimes(inode.fd(), in.get(JAVA_LONG, 32),
          nanos(valid, FuseProtocol.FATTR_ATIME, FuseProtocol.FATTR_ATIME_NOW, in.get(JAVA_INT, 56)),
          in.get(JAVA_LONG, 40),
          nanos(valid, FuseProtocol.FATTR_MTIME, FuseProtocol.FATTR_MTIME_NOW, in.get(JAVA_INT, 60)));
    }
    return attributes(inode.fd(), out, s);
  }

  private void truncate(Inode inode, int valid, MemorySegment in) throws Errno {
    long size = in.get(JAVA_LONG, 16);
    if ((valid & FuseProtocol.FATTR_FH) != 0) {
      calls.truncate(handle(in.get(JAVA_LONG, 8)), size);
      return;
    }
    int fd = calls.reopen(inode.fd(), O_WRONLY); // truncate(2) needs write permission too
    try {
      calls.truncate(fd, size);
    } finally {
      calls.close(fd);
    }
  }

  private static long nanos(int valid, int set, int now, int nanos) {
    if ((valid & now) != 0) {
      return UTIME_NOW;
    }
    return (valid & set) != 0 ? nanos : UTIME_OMIT;
  }

  private int readLink(Inode inode, MemorySegment out) throws Errno {
    byte[] target = calls.readLink(inode.fd());
    MemorySegment.copy(target, 0, out, JAVA_BYTE, 0, target.length);
    return target.length;
  }

  private int symlink(Inode parent, MemorySegment body, MemorySegment out, Scratch s)
      throws Errno {
    writable();
    MemorySegment name = cString(body, 0);
    refuseDots(name);
    MemorySegment target = cString(body, name.byteSize());
    calls.symlink(target, parent.fd(), name);
    return lookup(parent, name, out, s);
  }

  private int makeNode(Inode parent, MemorySegment body, MemorySegment out, Scratch s)
      throws Errno {
    writable();
    MemorySegment name = cString(body, 16);
    refuseDots(name);
    calls.makeNode(parent.fd(), name, body.get(JAVA_INT, 0),
        Integer.toUnsignedLong(body.get(JAVA_INT, 4)));
    return lookup(parent, name, out, s);
  }

  private int makeDirectory(Inode parent, MemorySegment body, MemorySegment out, Scratch s)
      throws Errno {
    writable();
    MemorySegment name = cString(body, 8);
    refuseDots(name);
    calls.makeDirectory(parent.fd(), name, body.get(JAVA_INT, 0));
    return lookup(parent, name, out, s);
  }

  private int remove(Inode parent, MemorySegment body, int flags) throws Errno {
    writable();
    MemorySegment name = cString(body, 0);
    refuseDots(name);
    calls.unlink(parent.fd(), name, flags);
    return 0;
  }

  private int rename(Inode parent, MemorySegment body, int namesAt, int flags) throws Errno {
    writable();
    Inode newParent = inodes.get(body.get(JAVA_LONG, 0));
    MemorySegment oldName = cString(body, namesAt);
    MemorySegment newName = cString(body, namesAt + oldName.byteSize());
    refuseDots(oldName);
    refuseDots(newName);
    calls.rename(parent.fd(), oldName, newParent.fd(), newName, flags);
    return 0;
  }

  private int link(Inode newParent, MemorySegment body, MemorySegment out, Scratch s)
      throws Errno {
    writable();
    Inode target = inodes.get(body.get(JAVA_LONG, 0));
    MemorySegment name = cString(body, 8);
    refuseDots(name);
    calls.link(target.fd(), newParent.fd(), name);
    return lookup(newParent, name, out, s);
  }

  private int open(Inode inode, int flags, MemorySegment out) throws Errno {
    if ((flags & O_ACCMODE) != O_RDONLY) {
      writable();
    }
    int fd = calls.reopen(inode.fd(), forServer(flags));
    return opened(fd, out, 0);
  }

  private int openDirectory(Inode inode, MemorySegment out) throws Errno {
    int fd = calls.reopen(inode.fd(), O_RDONLY | O_DIRECTORY);
    return opened(fd, out, 0);
  }

  private int create(Inode parent, MemorySegment body, MemorySegment out, Scratch s)
      throws Errno {
    writable();
    MemorySegment name = cString(body, 16);
    refuseDots(name);
    int fd = calls.openAt(parent.fd(), name, forServer(body.get(JAVA_INT, 0)) | O_CREAT | O_NOFOLLOW,
        body.get(JAVA_INT, 4));
    int pathFd;
    try {
      pathFd = calls.reopen(fd, O_PATH);
    } catch (Errno e) {
      calls.close(fd);
      throw e;
    }
    int entryLength = entry(pathFd, out, s);
    return entryLength + opened(fd, out.asSlice(entryLength), 0);
  }

  private int opened(int fd, MemorySegment out, int openFlags) {
    handles.add((long) fd);
    out.set(JAVA_LONG, 0, fd);
    out.set(JAVA_INT, 8, openFlags);
    out.set(JAVA_INT, 12, 0);
    return OPEN_OUT;
  }

  /** Open flags as the server uses them: offsets are the kernel's, buffers are not aligned. */
  private static int forServer(int flags) {
    return flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_APPEND | O_DIRECT);
  }

  private int read(MemorySegment in, MemorySegment out) throws Errno {
    int size = Math.min(in.get(JAVA_INT, 16), FuseProtocol.MAX_WRITE);
    return (int) calls.pread(handle(in.get(JAVA_LONG, 0)), out, size, in.get(JAVA_LONG, 8));
  }

  private int write(MemorySegment in, MemorySegment out) throws Errno {
    writable();
    int size = in.get(JAVA_INT, 16);
    long written = calls.pwrite(handle(in.get(JAVA_LONG, 0)), in.asSlice(40, size), size,
        in.get(JAVA_LONG, 8));
    out.set(JAVA_INT, 0, (int) written);
    out.set(JAVA_INT, 4, 0);
    return 8;
  }

  private int readDirectory(MemorySegment in, MemorySegment out, Scratch s) throws Errno {
    int fd = handle(in.get(JAVA_LONG, 0));
    int size = Math.min(in.get(JAVA_INT, 16), FuseProtocol.MAX_WRITE);
    calls.seek(fd, in.get(JAVA_LONG, 8), 0);
    long read = calls.readDirectory(fd, s.directory, size);
    int written = 0;
    for (long at = 0; at < read; ) {
      MemorySegment record = s.directory.asSlice(at);
      int recordLength = Short.toUnsignedInt(record.get(JAVA_SHORT, 16));
      MemorySegment name = cString(record, 19);
      int nameLength = (int) name.byteSize() - 1;
      int entryLength = (DIRENT_HEADER + nameLength + 7) & ~7;
      if (written + entryLength > size) {
        break; // the next READDIR starts again from this entry's offset
      }
      MemorySegment entry = out.asSlice(written, entryLength);
      entry.fill((byte) 0);
      entry.set(JAVA_LONG, 0, record.get(JAVA_LONG, 0)); // ino
      entry.set(JAVA_LONG, 8, record.get(JAVA_LONG, 8)); // offset of the next entry
      entry.set(JAVA_INT, 16, nameLength);
      entry.set(JAVA_INT, 20, Byte.toUnsignedInt(record.get(JAVA_BYTE, 18))); // d_type
      MemorySegment.copy(name, 0, entry, DIRENT_HEADER, nameLength);
      written += entryLength;
      at += recordLength;
    }
    return written;
  }

  private int release(long fh) {
    if (handles.remove(fh)) {
      calls.close((int) fh);
    }
    return 0;
  }

  private int statfs(Inode inode, MemorySegment out) throws Errno {
    MemorySegment vfs = out.asSlice(0, FuseProtocol.STATFS_OUT);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment statvfs = arena.allocate(EfsSyscalls.STATVFS_SIZE, 8);
      calls.statvfs(inode.fd(), statvfs);
      vfs.fill((byte) 0);
      vfs.set(JAVA_LONG, 0, statvfs.get(JAVA_LONG, 16)); // blocks
      vfs.set(JAVA_LONG, 8, statvfs.get(JAVA_LONG, 24)); // bfree
      vfs.set(JAVA_LONG, 16, statvfs.get(JAVA_LONG, 32)); // bavail
      vfs.set(JAVA_LONG, 24, statvfs.get(JAVA_LONG, 40)); // files
      vfs.set(JAVA_LONG, 32, statvfs.get(JAVA_LONG, 48)); // ffree
      vfs.set(JAVA_INT, 40, (int) statvfs.get(JAVA_LONG, 0)); // bsize
      vfs.set(JAVA_INT, 44, (int) statvfs.get(JAVA_LONG, 80)); // namelen
      vfs.set(JAVA_INT, 48, (int) statvfs.get(JAVA_LONG, 8)); // frsize
    }
    return FuseProtocol.STATFS_OUT;
  }

  private int batchForget(MemorySegment body) {
    int count = body.get(JAVA_INT, 0);
    for (int i = 0; i < count; i++) {
      inodes.forget(body.get(JAVA_LONG, 8 + 16L * i), body.get(JAVA_LONG, 16 + 16L * i));
    }
    return -1;
  }

  private int handle(long fh) throws Errno {
    if (!handles.contains(fh)) {
      throw new Errno("file handle", Long.toString(fh), Errno.EBADF);
    }
    return (int) fh;
  }

  private void writable() throws Errno {
    if (readOnly) {
      throw new Errno("write", "read-only mount", Errno.EROFS);
    }
  }

  /** "." and ".." never name a child: refusing them keeps every walk below the root. */
  private static void refuseDots(MemorySegment name) throws Errno {
    long length = name.byteSize() - 1;
    boolean dot = length >= 1 && length <= 2 && name.get(JAVA_BYTE, 0) == '.'
        && (length == 1 || name.get(JAVA_BYTE, 1) == '.');
    if (length < 1 || dot) {
      throw new Errno("lookup", "dot entry", Errno.ENOENT);
    }
  }

  /** The NUL-terminated string at {@code offset}, its terminator included. */
  private static MemorySegment cString(MemorySegment segment, long offset) throws Errno {
    for (long i = offset; i < segment.byteSize(); i++) {
      if (segment.get(JAVA_BYTE, i) == 0) {
        return segment.asSlice(offset, i - offset + 1);
      }
    }
    throw new Errno("FUSE request", "unterminated name", Errno.EINVAL);
  }
}
