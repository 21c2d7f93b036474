package dev.simebs.bench.csi;

import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/** Names a failure for the error table: the gRPC status code, or what went wrong on our side. */
public final class FailureNames {

  private FailureNames() {}

  public static String of(Throwable failure) {
    return switch (failure) {
      case StatusRuntimeException e -> e.getStatus().getCode().name();
      case StatusException e -> e.getStatus().getCode().name();
      case CheckFailedException e -> e.code();
      default -> "CLIENT_" + failure.getClass().getSimpleName();
    };
  }
}
