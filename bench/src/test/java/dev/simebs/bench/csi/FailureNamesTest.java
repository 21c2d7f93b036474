package dev.simebs.bench.csi;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FailureNamesTest {

  @Test
  void aGrpcFailureIsNamedByItsStatusCode() {
    assertThat(FailureNames.of(Status.ABORTED.asRuntimeException())).isEqualTo("ABORTED");
    assertThat(FailureNames.of(Status.UNKNOWN.asException())).isEqualTo("UNKNOWN");
  }

  @Test
  void aFailedCheckIsNamedByItsCode() {
    assertThat(FailureNames.of(new CheckFailedException("CHECKSUM_MISMATCH", "x"))).isEqualTo("CHECKSUM_MISMATCH");
  }

  @Test
  void aLocalFailureIsNamedByItsClass() {
    assertThat(FailureNames.of(new IOException("disk"))).isEqualTo("CLIENT_IOException");
  }
}
