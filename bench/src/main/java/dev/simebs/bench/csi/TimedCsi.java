package dev.simebs.bench.csi;

import csi.v1.ControllerGrpc;
import csi.v1.NodeGrpc;
import dev.simebs.bench.stats.PhaseStats;
import dev.simebs.bench.stats.StepKind;
import java.util.function.Supplier;

/** Makes CSI calls and records each one's latency or error code into the current phase. */
public final class TimedCsi {

  /** Work the tool measures that may throw any exception (file I/O, checks). */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  private final CsiConnection connection;
  private final PhaseStats stats;

  public TimedCsi(CsiConnection connection, PhaseStats stats) {
    this.connection = connection;
    this.stats = stats;
  }

  public ControllerGrpc.ControllerBlockingStub controller() {
    return connection.controller();
  }

  public NodeGrpc.NodeBlockingStub node() {
    return connection.node();
  }

  public PhaseStats stats() {
    return stats;
  }

  /** One CSI call, timed under {@code name}. */
  public <T> T rpc(String name, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      T answer = call.get();
      stats.succeeded(name, StepKind.rpc, System.nanoTime() - start);
      return answer;
    } catch (RuntimeException e) {
      stats.failed(name, StepKind.rpc, FailureNames.of(e));
      throw e;
    }
  }

  /** Work other than one call (a span over several calls, a data check), timed under {@code name}. */
  public <T> T measure(String name, StepKind kind, Work<T> work) throws Exception {
    long start = System.nanoTime();
    try {
      T result = work.run();
      stats.succeeded(name, kind, System.nanoTime() - start);
      return result;
    } catch (Exception e) {
      stats.failed(name, kind, FailureNames.of(e));
      throw e;
    }
  }
}
