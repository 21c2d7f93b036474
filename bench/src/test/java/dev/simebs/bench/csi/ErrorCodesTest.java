package dev.simebs.bench.csi;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorCodesTest {

  @Test
  void aGrpcFailureIsNamedByItsStatusCode() {
    assertThat(ErrorCodes.of(Status.ABORTED.asRuntimeException())).isEqualTo("ABORTED");
    assertThat(ErrorCodes.of(Status.UNKNOWN.asException())).isEqualTo("UNKNOWN");
  }

  @Test
  void aFailedCheckIsNamedByItsCode() {
    assertThat(ErrorCodes.of(new CheckFailedException("CHECKSUM_MISMATCH", "x"))).isEqualTo("CHECKSUM_MISMATCH");
  }

  @Test
  void aLocalFailureIsNamedByItsClass() {
    assertThat(ErrorCodes.of(new IOException("disk"))).isEqualTo("CLIENT_IOException");
  }
}
