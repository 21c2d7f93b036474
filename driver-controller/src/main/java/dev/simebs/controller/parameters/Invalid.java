package dev.simebs.controller.parameters;

import dev.simebs.common.grpc.Rpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** INVALID_ARGUMENT with a message that names the offending field or key. */
public final class Invalid {

  private Invalid() {}

  public static StatusRuntimeException argument(String format, Object... args) {
    return Rpc.fail(Status.Code.INVALID_ARGUMENT, format, args);
  }
}
