package dev.simebs.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.sys.SystemCallException;
import dev.simebs.common.sys.ToolException;
import dev.simebs.node.failure.NodeFailure.UnusablePath.Problem;
import dev.simebs.node.failure.NodeFailure;
import io.grpc.Status;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The node's one error table. */
class NodeErrorsTest {

  @ParameterizedTest(name = "errno {0} is {1}")
  @CsvSource({
    "2, FAILED_PRECONDITION",
    "17, ALREADY_EXISTS",
    "36, INVALID_ARGUMENT",
    "1, FAILED_PRECONDITION",
    "13, FAILED_PRECONDITION",
    "16, FAILED_PRECONDITION",
    "22, INTERNAL",
    "5, INTERNAL"
  })
  void systemCallsNoRuleExplainedAreMappedByErrno(int errno, Status.Code code) {
    Status status = NodeErrors.toStatus(new SystemCallException("mount(/a)", errno, "why"));

    assertThat(status.getCode()).isEqualTo(code);
    assertThat(status.getDescription()).isEqualTo("mount(/a) failed: why (errno " + errno + ")");
  }

  @Test
  void eachKindOfUnusablePathHasItsCode() {
    assertThat(code(Problem.LINK)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(Problem.WRONG_KIND)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(Problem.TOO_LONG)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(Problem.NO_PARENT)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(code(Problem.NOT_PERMITTED)).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void domainFailuresHaveTheirCodes() {
    assertThat(NodeErrors.toStatus(new NodeFailure.VolumeNotFound("x")).getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(NodeErrors.toStatus(new NodeFailure.Conflict("x")).getCode())
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(NodeErrors.toStatus(new NodeFailure.WrongState("x")).getCode())
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(NodeErrors.toStatus(new NodeFailure.Busy("vol-1")).getCode())
        .isEqualTo(Status.Code.ABORTED);
    assertThat(NodeErrors.toStatus(new NodeFailure.CapacityOutOfRange("x")).getCode())
        .isEqualTo(Status.Code.OUT_OF_RANGE);
  }

  /**
   * The node's own parse errors are INTERNAL with a message, never INVALID_ARGUMENT (an
   * IllegalArgumentException such as NumberFormatException included) and never a class name.
   */
  @Test
  void theNodesOwnFaultsAreInternalWithAMessageAndNoClassName() {
    for (Exception fault :
        List.of(
            new IllegalStateException("unexpected mountinfo line: 1 2"),
            new NumberFormatException("For input string: \"x\""),
            new IOException("read of /sys/block/loop0/size failed"),
            new ToolException(List.of("mkfs.ext4", "/dev/loop0"), "exited with 1: bad"))) {
      Status status = NodeErrors.toStatus(fault);

      assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
      assertThat(status.getDescription())
          .contains(fault.getMessage())
          .doesNotContain("Exception")
          .doesNotContain("java.");
    }
    assertThat(NodeErrors.toStatus(new NullPointerException()).getDescription())
        .isEqualTo("internal error: see the node's log");
  }

  private static Status.Code code(Problem problem) {
    return NodeErrors.toStatus(new NodeFailure.UnusablePath("target_path", "/x", problem, "why"))
        .getCode();
  }
}
