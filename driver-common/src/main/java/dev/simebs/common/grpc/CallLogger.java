package dev.simebs.common.grpc;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every call: method, status code and duration (DEBUG, or INFO when it failed), and at TRACE
 * the request and response with CSI secrets redacted.
 */
public final class CallLogger implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger("dev.simebs.calls");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long startNanos = System.nanoTime();
    String method = call.getMethodDescriptor().getFullMethodName();
    ServerCall<Q, R> logged =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(R response) {
            if (log.isTraceEnabled()) {
              log.trace("{} response: {}", method, printable(response));
            }
            super.sendMessage(response);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            logCompletion(method, status, (System.nanoTime() - startNanos) / 1_000_000.0);
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(logged, headers)) {
      @Override
      public void onMessage(Q message) {
        if (log.isTraceEnabled()) {
          log.trace("{} request: {}", method, printable(message));
        }
        super.onMessage(message);
      }
    };
  }

  private static void logCompletion(String method, Status status, double millis) {
    if (status.isOk()) {
      if (log.isDebugEnabled()) {
        log.debug("{} OK in {} ms", method, String.format("%.1f", millis));
      }
    } else {
      log.info(
          "{} {} in {} ms: {}",
          method,
          status.getCode(),
          String.format("%.1f", millis),
          status.getDescription());
    }
  }

  /** The text form of a message with its secrets redacted. */
  static String printable(Object message) {
    if (message instanceof Message protobuf) {
      return TextFormat.shortDebugString(SecretRedactor.redact(protobuf));
    }
    return String.valueOf(message);
  }
}
