package dev.simebs.node.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackendRegistrationTest {

  @Test
  void keepsTryingUntilTheBackendAcceptsTheNode() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (BackendRegistration registration = BackendRegistration.start(
        () -> {
          if (attempts.incrementAndGet() < 4) {
            throw Status.UNAVAILABLE.withDescription("backend down").asRuntimeException();
          }
        },
        Duration.ofMillis(1),
        Duration.ofMillis(4))) {
      assertThat(registration.awaitRegistered(Duration.ofSeconds(30))).isTrue();
      assertThat(registration.registered()).isTrue();
      assertThat(attempts).hasValue(4);
    }
  }

  @Test
  void closingStopsTheRetries() throws Exception {
    CountDownLatch tried = new CountDownLatch(2);
    BackendRegistration registration = BackendRegistration.start(
        () -> {
          tried.countDown();
          throw Status.UNAVAILABLE.asRuntimeException();
        },
        Duration.ofMillis(1),
        Duration.ofMillis(1));
    assertThat(tried.await(30, TimeUnit.SECONDS)).isTrue();

    registration.close();

    assertThat(registration.awaitRegistered(Duration.ofMillis(1))).isFalse();
    assertThat(registration.registered()).isFalse();
  }
}
