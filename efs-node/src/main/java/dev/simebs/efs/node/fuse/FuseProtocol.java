package dev.simebs.efs.node.fuse;

/**
 * The parts of the Linux FUSE kernel protocol (include/uapi/linux/fuse.h, 7.31) this server
 * speaks: opcodes, init flags, and the offsets of the fields it reads and writes. All fields are
 * native-endian and naturally aligned.
 */
final class FuseProtocol {

  private FuseProtocol() {}

  static final int MAJOR = 7;
  static final int MINOR = 31;
  /** Largest WRITE payload; 32 pages is what the kernel allows without FUSE_MAX_PAGES. */
  static final int MAX_WRITE = 128 * 1024;
  /** A request buffer: the largest WRITE plus room for its headers. */
  static final int REQUEST_BUFFER = MAX_WRITE + 4096;

  // opcodes
  static final int LOOKUP = 1;
  static final int FORGET = 2;
  static final int GETATTR = 3;
  static final int SETATTR = 4;
  static final int READLINK = 5;
  static final int SYMLINK = 6;
  static final int MKNOD = 8;
  static final int MKDIR = 9;
  static final int UNLINK = 10;
  static final int RMDIR = 11;
  static final int RENAME = 12;
  static final int LINK = 13;
  static final int OPEN = 14;
  static final int READ = 15;
  static final int WRITE = 16;
  static final int STATFS = 17;
  static final int RELEASE = 18;
  static final int FSYNC = 20;
  static final int FLUSH = 25;
  static final int INIT = 26;
  static final int OPENDIR = 27;
  static final int READDIR = 28;
  static final int RELEASEDIR = 29;
  static final int FSYNCDIR = 30;
  static final int ACCESS = 34;
  static final int CREATE = 35;
  static final int INTERRUPT = 36;
  static final int DESTROY = 38;
  static final int BATCH_FORGET = 42;
  static final int FALLOCATE = 43;
  static final int RENAME2 = 45;
  static final int LSEEK = 46;

  // init flags this server accepts when the kernel offers them
  static final int ASYNC_READ = 1;
  static final int ATOMIC_O_TRUNC = 1 << 3;
  static final int BIG_WRITES = 1 << 5;
  static final int AUTO_INVAL_DATA = 1 << 12;
  static final int PARALLEL_DIROPS = 1 << 18;
  static final int ACCEPTED_FLAGS =
      ASYNC_READ | ATOMIC_O_TRUNC | BIG_WRITES | AUTO_INVAL_DATA | PARALLEL_DIROPS;

  // setattr valid bits
  static final int FATTR_MODE = 1;
  static final int FATTR_UID = 1 << 1;
  static final int FATTR_GID = 1 << 2;
  static final int FATTR_SIZE = 1 << 3;
  static final int FATTR_ATIME = 1 << 4;
  static final int FATTR_MTIME = 1 << 5;
  static final int FATTR_FH = 1 << 6;
  static final int FATTR_ATIME_NOW = 1 << 7;
  static final int FATTR_MTIME_NOW = 1 << 8;

  // struct fuse_in_header (40 bytes) and fuse_out_header (16 bytes)
  static final int IN_HEADER = 40;
  static final int OUT_HEADER = 16;
  static final long IN_LEN = 0;
  static final long IN_OPCODE = 4;
  static final long IN_UNIQUE = 8;
  static final long IN_NODEID = 16;
  static final long OUT_LEN = 0;
  static final long OUT_ERROR = 4;
  static final long OUT_UNIQUE = 8;

  // struct fuse_attr (88 bytes), inside entry_out (at 40) and attr_out (at 16)
  static final int ATTR_SIZE = 88;
  static final int ENTRY_OUT = 40 + ATTR_SIZE;
  static final int ATTR_OUT = 16 + ATTR_SIZE;
  static final int OPEN_OUT = 16;
  static final int INIT_OUT = 64;
  static final int STATFS_OUT = 80;

  /** The root's node ID, fixed by the protocol. */
  static final long ROOT_ID = 1;
}
