package dev.simebs.node;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts on the gRPC status a call fails with. */
public final class StatusAssertions {

  private StatusAssertions() {}

  /** Asserts the call fails with {@code code} and a description containing {@code text}. */
  public static void assertFailsWith(Status.Code code, String text, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.getStatus().getCode())
                  .as("status of %s", e.getStatus())
                  .isEqualTo(code);
              org.assertj.core.api.Assertions.assertThat(e.getStatus().getDescription())
                  .contains(text);
            });
  }
}
