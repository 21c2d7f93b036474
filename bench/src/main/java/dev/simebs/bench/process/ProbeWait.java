package dev.simebs.bench.process;

import csi.v1.ProbeRequest;
import csi.v1.ProbeResponse;
import dev.simebs.bench.csi.CsiConnection;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Calls Probe until the driver says it is ready, as a liveness probe would. */
public final class ProbeWait {

  private static final Duration ATTEMPT_DEADLINE = Duration.ofSeconds(1);

  private ProbeWait() {}

  /**
   * Returns the {@link System#nanoTime()} of the first successful, ready Probe answer.
   *
   * @param alive false once there is no point waiting (the launched driver exited)
   */
  public static long untilReady(CsiConnection csi, Duration timeout, BooleanSupplier alive)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException("the driver exited before answering Probe (" + last + ")");
      }
      try {
        ProbeResponse answer = csi.identity(ATTEMPT_DEADLINE).probe(ProbeRequest.getDefaultInstance());
        long now = System.nanoTime();
        if (!answer.hasReady() || answer.getReady().getValue()) {
          return now;
        }
        last = "Probe answered ready=false";
      } catch (StatusRuntimeException e) {
        last = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
      }
      csi.retryConnectingNow();
      Thread.sleep(2);
    }
    throw new IllegalStateException("the driver was not ready within " + timeout + " (" + last + ")");
  }
}
