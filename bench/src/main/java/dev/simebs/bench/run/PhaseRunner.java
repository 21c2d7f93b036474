package dev.simebs.bench.run;

import dev.simebs.bench.csi.CsiConnection;
import dev.simebs.bench.csi.FailureNames;
import dev.simebs.bench.csi.TimedCsi;
import dev.simebs.bench.progress.Progress;
import dev.simebs.bench.scenario.Phase;
import dev.simebs.bench.stats.PhaseStats;
import dev.simebs.bench.stats.PhaseSummary;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a phase's units with a fixed number in flight: {@code concurrency} virtual threads each
 * take the next unit index until none are left (a closed loop, like that many busy clients).
 */
public final class PhaseRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PhaseRunner.class);

  private final CsiConnection connection;
  private final PrintStream progressOut;
  private final Progress.Mode progressMode;

  public PhaseRunner(CsiConnection connection, PrintStream progressOut, Progress.Mode progressMode) {
    this.connection = connection;
    this.progressOut = progressOut;
    this.progressMode = progressMode;
  }

  public PhaseSummary run(Phase phase) {
    PhaseStats stats = new PhaseStats();
    TimedCsi csi = new TimedCsi(connection, stats);
    AtomicInteger next = new AtomicInteger();
    Set<String> reported = ConcurrentHashMap.newKeySet();
    long start = System.nanoTime();
    try (Progress progress =
            Progress.start(phase.name(), phase.units(), stats::failedUnits, progressOut, progressMode);
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < Math.min(phase.concurrency(), phase.units()); w++) {
        workers.submit(
            () -> {
              for (int i = next.getAndIncrement(); i < phase.units(); i = next.getAndIncrement()) {
                long unitStart = System.nanoTime();
                try {
                  phase.unit().run(csi, i);
                  stats.unitSucceeded(System.nanoTime() - unitStart);
                } catch (Exception e) {
                  String code = FailureNames.of(e);
                  stats.unitFailed(code);
                  if (reported.add(code)) {
                    LOG.warn("{} unit {} failed ({}): {}", phase.name(), i, code, e.getMessage());
                  }
                }
                progress.advance();
              }
            });
      }
    }
    return stats.summarise(phase.name(), (System.nanoTime() - start) / 1e9);
  }
}
