package dev.simebs.common.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unary handler and answers its observer: the response on success, a gRPC status on
 * failure. Every service answers through here, so an exception never leaks out as UNKNOWN.
 *
 * <p>Only an {@link InvalidRequest} becomes INVALID_ARGUMENT: the sidecars treat that code as
 * final, so a fault of our own (a parse error of a system file, a broken invariant) must never
 * wear it. Such faults are INTERNAL, described by their message alone; the stack trace goes to
 * the log, not to the caller.
 */
public final class Rpc {

  private static final Logger log = LoggerFactory.getLogger(Rpc.class);

  private Rpc() {}

  /**
   * The longest status description sent back. Descriptions often echo the caller's input (an ID,
   * a path); a huge one would exceed the client's header limit and reach it as INTERNAL instead
   * of the code we meant.
   */
  static final int MAX_DESCRIPTION = 1024;

  public static <T> void answer(StreamObserver<T> observer, Callable<T> handler) {
    T response;
    try {
      response = handler.call();
    } catch (StatusRuntimeException failure) {
      // Passed on with its trailers: they carry the error details (e.g. backend reasons).
      observer.onError(new StatusRuntimeException(bounded(failure.getStatus()), failure.getTrailers()));
      return;
    } catch (Throwable failure) {
      observer.onError(bounded(toStatus(failure)).asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  /** The gRPC status a failure is answered with. */
  public static Status toStatus(Throwable failure) {
    return switch (failure) {
      case StatusRuntimeException e -> e.getStatus();
      case StatusException e -> e.getStatus();
      case InvalidRequest e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
      case InterruptedException e -> {
        Thread.currentThread().interrupt();
        yield Status.ABORTED.withDescription("interrupted");
      }
      default -> {
        log.error("internal error", failure);
        String message = failure.getMessage();
        yield Status.INTERNAL
            .withDescription(
                "internal error: " + (message == null || message.isBlank() ? "see the driver's log" : message))
            .withCause(failure);
      }
    };
  }

  private static Status bounded(Status status) {
    String description = status.getDescription();
    if (description == null || description.length() <= MAX_DESCRIPTION) {
      return status;
    }
    return status.withDescription(
        description.substring(0, MAX_DESCRIPTION)
            + "… (" + (description.length() - MAX_DESCRIPTION) + " more characters)");
  }

  /** A status exception with a formatted message, e.g. {@code fail(INVALID_ARGUMENT, "...")}. */
  public static StatusRuntimeException fail(Status.Code code, String format, Object... args) {
    return Status.fromCode(code).withDescription(String.format(format, args)).asRuntimeException();
  }
}
