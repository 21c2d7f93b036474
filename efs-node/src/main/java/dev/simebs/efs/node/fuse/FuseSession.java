package dev.simebs.efs.node.fuse;

import static dev.simebs.efs.node.sys.EfsSyscalls.AT_EMPTY_PATH;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.efs.node.sys.EfsSyscalls;
import dev.simebs.efs.node.sys.Errno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FUSE mount served by this process: a /dev/fuse connection mounted at a target, and a few
 * platform threads that read requests and answer them through {@link FuseOperations}. Each thread
 * takes on the served identity (uid, gid, groups) for its whole life before it reads anything,
 * so every operation is made as that user. The session ends when the target is unmounted (the
 * kernel then fails reads with ENODEV); the threads close what they held and leave.
 */
public final class FuseSession {

  private static final Logger log = LoggerFactory.getLogger(FuseSession.class);
  /** The file-system type the mounts show in mountinfo, "fuse." and our subtype. */
  public static final String FS_TYPE = "fuse.simefs";
  private static final int WORKERS = 4;

  /** Who every operation through the session is made as. */
  public record Identity(long uid, long gid, List<Long> groups) {
    public Identity {
      groups = List.copyOf(groups);
    }
  }

  private final EfsSyscalls calls;
  private final int device;
  private final Path target;
  private final InodeTable inodes;
  private final FuseOperations operations;
  private final AtomicInteger running = new AtomicInteger();
  private final CountDownLatch ended = new CountDownLatch(1);

  private FuseSession(EfsSyscalls calls, int device, Path target, InodeTable inodes,
      FuseOperations operations) {
    this.calls = calls;
    this.device = device;
    this.target = target;
    this.inodes = inodes;
    this.operations = operations;
  }

  /**
   * Mounts the directory held by {@code rootFd} (an O_PATH descriptor, which the session takes
   * over) at {@code target} and starts serving it as {@code identity}.
   *
   * @param source what mountinfo shows as the mount's source (the volume ID)
   */
  public static FuseSession mount(EfsSyscalls calls, LinuxSystem system, int rootFd, Path target,
      Identity identity, boolean readOnly, String source) throws IOException {
    InodeTable inodes;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment statx = arena.allocate(EfsSyscalls.STATX_SIZE, 8);
      calls.stat(rootFd, "", AT_EMPTY_PATH, statx);
      long rootDevice = ((long) statx.get(JAVA_INT, 136) << 32)
          | Integer.toUnsignedLong(statx.get(JAVA_INT, 140));
      inodes = new InodeTable(calls, rootFd, rootDevice, statx.get(JAVA_LONG, 32));
    } catch (IOException | RuntimeException e) {
      calls.close(rootFd);
      throw e;
    }
    int device;
    try {
      device = calls.open("/dev/fuse", EfsSyscalls.O_RDWR);
    } catch (Errno e) {
      inodes.closeAll();
      throw e;
    }
    long flags = LinuxSystem.MS_NOSUID | LinuxSystem.MS_NODEV
        | (readOnly ? LinuxSystem.MS_RDONLY : 0);
    String options = "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other,max_read=%d"
        .formatted(device, FuseProtocol.MAX_WRITE);
    try {
      system.mount(source, target, FS_TYPE, flags, options);
    } catch (IOException e) {
      calls.close(device);
      inodes.closeAll();
      throw e;
    }
    FuseSession session = new FuseSession(calls, device, target, inodes,
        new FuseOperations(calls, inodes, readOnly));
    session.start(identity);
    log.info("serving {} at {} as {}:{}{}", source, target, identity.uid(), identity.gid(),
        readOnly ? " (read-only)" : "");
    return session;
  }

  public Path target() {
    return target;
  }

  /** Waits until the session has ended (its target was unmounted). */
  public void awaitEnd() throws InterruptedException {
    ended.await();
  }

  private void start(Identity identity) {
    running.set(WORKERS);
    for (int i = 0; i < WORKERS; i++) {
      Thread.ofPlatform().daemon().name("fuse-" + target.getFileName() + "-" + i)
          .start(() -> serve(identity));
    }
  }

  private void serve(Identity identity) {
    try (Arena arena = Arena.ofConfined()) {
      calls.actAs(identity.uid(), identity.gid(), identity.groups());
      MemorySegment request = arena.allocate(FuseProtocol.REQUEST_BUFFER, 4096);
      FuseOperations.Scratch scratch = new FuseOperations.Scratch(arena);
      while (answerNext(request, scratch)) {
        // one request per turn until the kernel ends the connection
      }
    } catch (Errno e) {
      log.error("FUSE worker for {} cannot take on its identity: {}", target, e.getMessage());
    } finally {
      if (running.decrementAndGet() == 0) {
        operations.closeHandles();
        inodes.closeAll();
        calls.close(device);
        ended.countDown();
        log.info("FUSE session at {} ended", target);
      }
    }
  }

  /** Reads and answers one request; false once the connection is gone. */
  private boolean answerNext(MemorySegment request, FuseOperations.Scratch scratch) {
    long length;
    try {
      length = calls.read(device, request, request.byteSize());
    } catch (Errno e) {
      return switch (e.errno()) {
        case Errno.ENOENT, Errno.EINTR, Errno.EAGAIN -> true; // request interrupted; next one
        default -> false; // ENODEV: unmounted
      };
    }
    int opcode = request.get(JAVA_INT, FuseProtocol.IN_OPCODE);
    long unique = request.get(JAVA_LONG, FuseProtocol.IN_UNIQUE);
    long nodeId = request.get(JAVA_LONG, FuseProtocol.IN_NODEID);
    int payload;
    int error = 0;
    try {
      payload = operations.handle(opcode, nodeId, request, (int) length, scratch);
    } catch (Errno e) {
      payload = 0;
      error = -e.errno();
    } catch (RuntimeException e) {
      log.warn("FUSE opcode {} on {} failed: {}", opcode, target, e.toString());
      payload = 0;
      error = -Errno.EIO;
    }
    if (payload < 0) {
      return true; // FORGET and INTERRUPT get no answer
    }
    return reply(scratch.reply, unique, error, payload);
  }

  private boolean reply(MemorySegment reply, long unique, int error, int payload) {
    int length = FuseProtocol.OUT_HEADER + (error == 0 ? payload : 0);
    reply.set(JAVA_INT, FuseProtocol.OUT_LEN, length);
    reply.set(JAVA_INT, FuseProtocol.OUT_ERROR, error);
    reply.set(JAVA_LONG, FuseProtocol.OUT_UNIQUE, unique);
    try {
      calls.write(device, reply, length);
      return true;
    } catch (Errno e) {
      // ENOENT: the request was interrupted and is gone; anything else ends the session.
      return e.errno() == Errno.ENOENT;
    }
  }
}
