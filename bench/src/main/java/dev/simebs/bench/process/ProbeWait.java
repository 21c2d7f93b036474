package dev.simebs.bench.process;

import csi.v1.ProbeRequest;
import csi.v1.ProbeResponse;
import dev.simebs.bench.csi.CsiConnection;
import dev.simebs.common.grpc.Endpoint;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Calls Probe until the driver says it is ready, as a liveness probe would. */
public final class ProbeWait {

  private static final Duration ATTEMPT_DEADLINE = Duration.ofSeconds(1);

  private ProbeWait() {}

  /**
   * Makes one Probe call whose answer does not matter, so the client's own first-call cost
   * (class loading, transport setup) is paid before a launched driver's clock starts.
   */
  public static void warmUp(CsiConnection csi) {
    try {
      csi.identity(Duration.ofMillis(200)).probe(ProbeRequest.getDefaultInstance());
    } catch (StatusRuntimeException expected) {
      // Nothing is listening yet.
    }
  }

  /**
   * Returns the {@link System#nanoTime()} of the first successful, ready Probe answer.
   *
   * @param alive false once there is no point waiting (the launched driver exited)
   */
  public static long untilReady(
      CsiConnection csi, Endpoint endpoint, Duration timeout, BooleanSupplier alive)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException("the driver exited before answering Probe (" + last + ")");
      }
      if (endpoint instanceof Endpoint.Unix unix && !Files.exists(unix.path())) {
        // Not listening yet; checking the file is cheaper than a failed connect and has no backoff.
        Thread.sleep(1);
        continue;
      }
      // A failed earlier connect leaves the channel in reconnect backoff; start over now.
      csi.retryConnectingNow();
      try {
        ProbeResponse answer =
            csi.identity(ATTEMPT_DEADLINE).withWaitForReady().probe(ProbeRequest.getDefaultInstance());
        long now = System.nanoTime();
        if (!answer.hasReady() || answer.getReady().getValue()) {
          return now;
        }
        last = "Probe answered ready=false";
      } catch (StatusRuntimeException e) {
        last = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("the driver was not ready within " + timeout + " (" + last + ")");
  }
}
