package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.common.backend.BackendConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server (a child JVM) with a token file. */
class StandaloneTokenTest {

  @TempDir static Path dir;
  static ChildBackend child;

  @BeforeAll
  static void start() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    child = ChildBackend.start(dir.resolve("data"), dir.resolve("backend.log"),
        "--token-file", tokenFile.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    child.close();
  }

  @Test
  void callWithTheTokenIsServed() {
    try (BackendConnection c = child.connect(Optional.of("s3cret-token"))) {
      assertThat(c.backend().describeZones(DescribeZonesRequest.getDefaultInstance())
          .getZonesList()).hasSize(2);
    }
  }

  @Test
  void callWithoutATokenIsUnauthenticated() {
    try (BackendConnection c = child.connect(Optional.empty())) {
      assertThatThrownBy(() -> c.backend().describeZones(DescribeZonesRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
  }

  @Test
  void callWithAWrongTokenIsUnauthenticatedWithReasonUnauthorized() {
    try (BackendConnection c = child.connect(Optional.of("guess"))) {
      assertFails(ErrorReason.UNAUTHORIZED,
          () -> c.backend().describeZones(DescribeZonesRequest.getDefaultInstance()))
          .hasMessageContaining("UNAUTHENTICATED");
    }
  }

  @Test
  void adminCallsNeedTheTokenToo() {
    try (BackendConnection c = child.connect(Optional.empty())) {
      assertFails(ErrorReason.UNAUTHORIZED, () -> c.admin().getSimulation(
          GetSimulationRequest.getDefaultInstance()));
    }
  }
}
