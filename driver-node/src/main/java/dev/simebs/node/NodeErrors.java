package dev.simebs.node;

import dev.simebs.common.grpc.InvalidRequest;
import dev.simebs.common.sys.LinuxSystem;
import dev.simebs.common.sys.RejectedMountOptionException;
import dev.simebs.common.sys.SystemCallException;
import dev.simebs.common.sys.ToolException;
import dev.simebs.common.sys.ToolStillRunningException;
import dev.simebs.node.device.AttachmentsUnknownException;
import dev.simebs.node.device.UnverifiedDeviceException;
import dev.simebs.node.failure.NodeFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one error table: every failure a Node RPC can end with becomes exactly one CSI code
 * here, with a message for people (never a Java class name). What request validation refused
 * ({@link InvalidRequest}, or a status it made for NOT_FOUND and the like) and the backend's
 * statuses (which carry their reason) pass through; INVALID_ARGUMENT otherwise only comes from
 * the request's own paths, options or capability, found unusable while acting on them. The
 * node's own faults, such as a table it cannot parse, are INTERNAL.
 */
final class NodeErrors {

  private static final Logger log = LoggerFactory.getLogger(NodeErrors.class);

  private NodeErrors() {}

  /** Runs {@code handler}, turning whatever it throws into the status the table gives. */
  static <T> Callable<T> mapped(Callable<T> handler) {
    return () -> {
      try {
        return handler.call();
      } catch (StatusRuntimeException | InvalidRequest e) {
        throw e;
      } catch (Exception e) {
        throw toStatus(e).asRuntimeException();
      }
    };
  }

  static Status toStatus(Throwable failure) {
    return switch (failure) {
      case StatusRuntimeException e -> e.getStatus();
      case InvalidRequest e -> status(Status.Code.INVALID_ARGUMENT, e.getMessage());
      case NodeFailure f -> status(code(f), f.getMessage());
      // The device is not (or no longer) this node's device of the volume: never used.
      case UnverifiedDeviceException e -> status(Status.Code.FAILED_PRECONDITION, e.getMessage());
      // Without the backend's word no device is released; a retry finishes the job.
      case AttachmentsUnknownException e -> status(Status.Code.UNAVAILABLE, e.getMessage());
      // The tool runs on to its end; a retry waits for it.
      case ToolStillRunningException e -> status(Status.Code.ABORTED, e.getMessage());
      case RejectedMountOptionException e ->
          status(
              Status.Code.INVALID_ARGUMENT,
              "volume_capability.mount.mount_flags: "
                  + e.option()
                  + " was refused by the file system: "
                  + e.description());
      case SystemCallException e -> status(code(e.errno()), e.getMessage());
      case ToolException e -> status(Status.Code.INTERNAL, e.getMessage());
      case InterruptedException e -> {
        Thread.currentThread().interrupt();
        yield status(Status.Code.ABORTED, "the node is shutting down; retry");
      }
      default -> {
        log.error("internal error", failure);
        yield status(
            Status.Code.INTERNAL,
            "internal error: "
                + (failure.getMessage() == null ? "see the node's log" : failure.getMessage()));
      }
    };
  }

  private static Status.Code code(NodeFailure failure) {
    return switch (failure) {
      case NodeFailure.VolumeNotFound f -> Status.Code.NOT_FOUND;
      case NodeFailure.Conflict f -> Status.Code.ALREADY_EXISTS;
      case NodeFailure.WrongState f -> Status.Code.FAILED_PRECONDITION;
      case NodeFailure.Busy f -> Status.Code.ABORTED;
      case NodeFailure.GaveUpWaiting f -> Status.Code.DEADLINE_EXCEEDED;
      case NodeFailure.CapacityOutOfRange f -> Status.Code.OUT_OF_RANGE;
      case NodeFailure.IncompatibleCapability f -> Status.Code.INVALID_ARGUMENT;
      case NodeFailure.RejectedMountOption f -> Status.Code.INVALID_ARGUMENT;
      case NodeFailure.UnusablePath f ->
          switch (f.problem()) {
            case LINK, WRONG_KIND, TOO_LONG -> Status.Code.INVALID_ARGUMENT;
            case NO_PARENT, NOT_PERMITTED -> Status.Code.FAILED_PRECONDITION;
          };
    };
  }

  /** A failed system call that no domain rule explained, by its errno. */
  private static Status.Code code(int errno) {
    return switch (errno) {
      case LinuxSystem.EEXIST -> Status.Code.ALREADY_EXISTS;
      case LinuxSystem.ENAMETOOLONG -> Status.Code.INVALID_ARGUMENT;
      case LinuxSystem.ENOENT, LinuxSystem.EPERM, LinuxSystem.EACCES, LinuxSystem.EBUSY ->
          Status.Code.FAILED_PRECONDITION;
      default -> Status.Code.INTERNAL;
    };
  }

  private static Status status(Status.Code code, String message) {
    return Status.fromCode(code).withDescription(message);
  }
}
