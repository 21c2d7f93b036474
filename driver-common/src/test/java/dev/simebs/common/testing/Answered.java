package dev.simebs.common.testing;

import dev.simebs.common.grpc.Rpc;
import org.junit.jupiter.api.function.Executable;

/** Runs a check as the service answers it, so a refusal is seen as the status a caller gets. */
public final class Answered {

  private Answered() {}

  public static Executable answered(Executable check) {
    return () -> {
      try {
        check.execute();
      } catch (Throwable refusal) {
        throw Rpc.toStatus(refusal).asRuntimeException();
      }
    };
  }
}
