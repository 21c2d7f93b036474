package dev.simebs.node;

import dev.simebs.common.grpc.Rpc;
import dev.simebs.node.device.AttachmentsUnknownException;
import dev.simebs.node.device.UnverifiedDeviceException;
import dev.simebs.node.sys.ToolStillRunningException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;

/**
 * The node's error table for the domain failures that have a CSI code of their own; anything else
 * goes on to {@link Rpc#toStatus}.
 */
final class NodeErrors {

  private NodeErrors() {}

  /** Runs {@code handler}, turning what it throws into the status the table gives. */
  static <T> Callable<T> mapped(Callable<T> handler) {
    return () -> {
      try {
        return handler.call();
      } catch (StatusRuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw toStatus(e).asRuntimeException();
      }
    };
  }

  static Status toStatus(Throwable failure) {
    return switch (failure) {
      // The device is not (or no longer) this node's device of the volume: never used.
      case UnverifiedDeviceException e -> status(Status.Code.FAILED_PRECONDITION, e);
      // Without the backend's word no device is released; a retry finishes the job.
      case AttachmentsUnknownException e -> status(Status.Code.UNAVAILABLE, e);
      // The tool runs on; a retry waits for it.
      case ToolStillRunningException e -> status(Status.Code.ABORTED, e);
      default -> Rpc.toStatus(failure);
    };
  }

  private static Status status(Status.Code code, Exception e) {
    return Status.fromCode(code).withDescription(e.getMessage());
  }
}
