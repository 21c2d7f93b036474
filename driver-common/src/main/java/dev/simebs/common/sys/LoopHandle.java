package dev.simebs.common.sys;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * An open descriptor of {@code /dev/loopN}. While it is open the kernel keeps the device bound to
 * its file: a detach asked by anyone else only marks it to go at the last close (autoclear), so the
 * number cannot be handed to another file. What {@link #status()} reports therefore stays true for
 * as long as the handle is open.
 */
public final class LoopHandle implements AutoCloseable {

  private final LinuxSystem system;
  private final int number;
  private final int fd;
  private boolean closed;

  private LoopHandle(LinuxSystem system, int number, int fd) {
    this.system = system;
    this.number = number;
    this.fd = fd;
  }

  /** Opens {@code /dev/loop<number>}; empty when that device does not exist. */
  static Optional<LoopHandle> open(LinuxSystem system, int number) throws SystemCallException {
    OptionalInt fd = system.openDevice("/dev/loop" + number);
    return fd.isPresent()
        ? Optional.of(new LoopHandle(system, number, fd.getAsInt()))
        : Optional.empty();
  }

  public int number() {
    return number;
  }

  public String path() {
    return "/dev/loop" + number;
  }

  /** The device's status; empty when it is not bound. */
  public Optional<LoopStatus> status() throws SystemCallException {
    return system.loopStatus(fd, path());
  }

  /**
   * Detaches the device: at once when this handle is its only opener, else at its last close.
   * Detaching a device that is not bound is fine.
   */
  public void detach() throws SystemCallException {
    system.clearLoop(fd, path());
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      system.closeDevice(fd);
    }
  }
}
