package dev.simebs.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.function.Executable;

/**
 * Asserts that a call fails with a given gRPC code; the message can be checked further. Shared by
 * every module's tests through driver-common's test jar.
 */
public final class StatusAssertions {

  private StatusAssertions() {}

  public static AbstractStringAssert<?> assertFailsWith(Status.Code code, Executable call) {
    Throwable thrown = catchThrowable(call::execute);
    assertThat(thrown).as("expected %s", code).isInstanceOf(StatusRuntimeException.class);
    Status status = ((StatusRuntimeException) thrown).getStatus();
    assertThat(status.getCode()).as("code of %s", status).isEqualTo(code);
    return assertThat(status.getDescription()).as("message of %s", status);
  }

  /** The call fails with {@code code} and a description containing {@code text}. */
  public static void assertFailsWith(Status.Code code, String text, Executable call) {
    assertFailsWith(code, call).contains(text);
  }
}
