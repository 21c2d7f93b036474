package dev.simebs.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.simebs.common.errors.ControllerRefusal;
import dev.simebs.common.grpc.InvalidRequest;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.function.Executable;

/** Asserts how domain code fails: a request found invalid, or a refusal of a given kind. */
public final class DomainAssertions {

  private DomainAssertions() {}

  /** The call finds its request invalid (INVALID_ARGUMENT at the edge); the message can be checked. */
  public static AbstractStringAssert<?> assertInvalid(Executable call) {
    Throwable thrown = catchThrowable(call::execute);
    assertThat(thrown).as("expected an invalid request").isInstanceOf(InvalidRequest.class);
    return assertThat(thrown.getMessage());
  }

  /** The call is refused for {@code reason}; the message can be checked. */
  public static AbstractStringAssert<?> assertRefused(ControllerRefusal.Reason reason, Executable call) {
    Throwable thrown = catchThrowable(call::execute);
    assertThat(thrown).as("expected a %s refusal", reason).isInstanceOf(ControllerRefusal.class);
    assertThat(((ControllerRefusal) thrown).reason()).as("reason of %s", thrown.getMessage()).isEqualTo(reason);
    return assertThat(thrown.getMessage());
  }
}
