package dev.simebs.backend;

import static dev.simebs.backend.TestBackend.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.DescribeZonesRequest;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.backend.api.GetSimulationRequest;
import dev.simebs.backend.server.credentials.ServerCredentials;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.backend.ClientCredentials;
import dev.simebs.common.grpc.Channels;
import dev.simebs.common.grpc.Endpoint;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server (a child JVM) as a cluster runs it: credentials made on first start, TLS
 * only, a bearer token on every call, and the admin API on its own port with its own token.
 */
class StandaloneSecurityTest {

  @TempDir static Path dir;
  static ChildBackend child;

  @BeforeAll
  static void start() throws Exception {
    child = ChildBackend.start(dir.resolve("data"), dir.resolve("backend.log"),
        "--admin-listen", "127.0.0.1:0");
  }

  @AfterAll
  static void stop() throws Exception {
    child.close();
  }

  @Test
  void firstStartMakesPrivateCredentials() throws Exception {
    for (String item : ServerCredentials.ITEM_NAMES) {
      Path file = child.credentials().resolve(item);
      assertThat(Files.readString(file)).as(item).isNotBlank();
      assertThat(Files.getPosixFilePermissions(file))
          .as(item).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    assertThat(Files.readString(child.credentials().resolve("token")))
        .isNotEqualTo(Files.readString(child.credentials().resolve("admin-token")))
        .hasSizeGreaterThanOrEqualTo(40);
  }

  @Test
  void callWithTheTokenOverTlsIsServed() {
    try (BackendConnection c = child.connect()) {
      assertThat(c.backend().describeZones(DescribeZonesRequest.getDefaultInstance())
          .getZonesList()).hasSize(2);
    }
  }

  @Test
  void callWithoutATokenIsUnauthenticated() throws Exception {
    ManagedChannel channel = Channels.openTls(
        new Endpoint.Tcp("127.0.0.1", child.port()), child.credentials().resolve("ca.crt"));
    try {
      assertThatThrownBy(() -> BackendGrpc.newBlockingStub(channel)
          .describeZones(DescribeZonesRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void callWithAWrongTokenIsUnauthenticatedWithReasonUnauthorized() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong-token"), "guess");
    try (BackendConnection c = BackendConnection.remote(new Endpoint.Tcp("127.0.0.1", child.port()),
        ClientCredentials.read(wrong, child.credentials().resolve("ca.crt")))) {
      assertFails(ErrorReason.UNAUTHORIZED,
          () -> c.backend().describeZones(DescribeZonesRequest.getDefaultInstance()))
          .hasMessageContaining("UNAUTHENTICATED");
    }
  }

  @Test
  void plaintextClientsAreNotServed() {
    ManagedChannel plaintext = Channels.open(new Endpoint.Tcp("127.0.0.1", child.port()));
    try {
      assertThatThrownBy(() -> BackendGrpc.newBlockingStub(plaintext)
          .describeZones(DescribeZonesRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      plaintext.shutdownNow();
    }
  }

  @Test
  void aServerNotSignedByTheTrustedCaIsRefused() throws Exception {
    Path otherCa = Files.writeString(dir.resolve("other-ca.crt"),
        ServerCredentials.generate(List.of("localhost")).certificatePem());
    try (BackendConnection c = BackendConnection.remote(new Endpoint.Tcp("127.0.0.1", child.port()),
        ClientCredentials.read(child.credentials().resolve("token"), otherCa))) {
      assertThatThrownBy(() -> c.backend().describeZones(DescribeZonesRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  @Test
  void theAdminApiIsNotOnTheDriversPort() {
    try (BackendConnection c = child.connect()) {
      assertThatThrownBy(() -> c.admin().getSimulation(GetSimulationRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }
  }

  @Test
  void theAdminPortServesTheAdminApiWithTheAdminTokenOnly() {
    try (BackendConnection admin = child.connectAdmin()) {
      assertThat(admin.admin().getSimulation(GetSimulationRequest.getDefaultInstance())).isNotNull();
    }
    try (BackendConnection driver = child.connect(child.adminPort(), ServerCredentials.TOKEN)) {
      AdminGrpc.AdminBlockingStub stub = driver.admin();
      assertFails(ErrorReason.UNAUTHORIZED,
          () -> stub.getSimulation(GetSimulationRequest.getDefaultInstance()));
    }
  }

  @Test
  void restartReusesTheCredentials() throws Exception {
    String token = Files.readString(child.credentials().resolve("token"));
    Path data = dir.resolve("second-data");
    try (ChildBackend second = ChildBackend.startWithArgs(data, dir.resolve("second.log"),
        child.credentials(), List.of("--credentials-dir", child.credentials().toString()))) {
      try (BackendConnection c = second.connect()) {
        assertThat(c.backend().describeZones(DescribeZonesRequest.getDefaultInstance())
            .getZonesCount()).isEqualTo(2);
      }
    }
    assertThat(Files.readString(child.credentials().resolve("token"))).isEqualTo(token);
  }

  @Test
  void aBackendWithoutCredentialsRefusesToServeSayingWhy() throws Exception {
    Path log = dir.resolve("refused.log");
    assertThatThrownBy(() -> ChildBackend.startWithArgs(dir.resolve("refused-data"), log,
        dir.resolve("none"), List.of()))
        .hasMessageContaining("exited before serving");
    assertThat(Files.readString(log))
        .contains("the backend serves only with a token and TLS")
        .contains("--credentials-dir")
        .contains("--credentials-secret");
  }
}
