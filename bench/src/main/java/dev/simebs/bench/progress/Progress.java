package dev.simebs.bench.progress;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Shows how far a phase has got: a bar redrawn in place on a terminal, a plain line every few
 * seconds when the output is a log or a pipe, or nothing.
 */
public final class Progress implements AutoCloseable {

  /** How progress is shown. */
  public enum Mode {
    bar,
    lines,
    off;

    /** A bar on a terminal, lines otherwise. */
    public static Mode detect() {
      java.io.Console console = System.console();
      return console != null && console.isTerminal() ? bar : lines;
    }
  }

  private static final int BAR_WIDTH = 30;

  private final String label;
  private final long total;
  private final LongSupplier failures;
  private final PrintStream out;
  private final Mode mode;
  private final AtomicLong done = new AtomicLong();
  private final long start = System.nanoTime();
  private final ScheduledExecutorService ticker;

  private Progress(String label, long total, LongSupplier failures, PrintStream out, Mode mode) {
    this.label = label;
    this.total = total;
    this.failures = failures;
    this.out = out;
    this.mode = mode;
    this.ticker =
        mode == Mode.off
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("bench-progress").factory());
  }

  public static Progress start(
      String label, long total, LongSupplier failures, PrintStream out, Mode mode) {
    Progress progress = new Progress(label, total, failures, out, mode);
    switch (mode) {
      case bar -> progress.ticker.scheduleAtFixedRate(progress::draw, 0, 200, TimeUnit.MILLISECONDS);
      case lines -> progress.ticker.scheduleAtFixedRate(progress::draw, 5, 5, TimeUnit.SECONDS);
      case off -> {}
    }
    return progress;
  }

  public void advance() {
    done.incrementAndGet();
  }

  private void draw() {
    String line = render(label, done.get(), total, failures.getAsLong(), System.nanoTime() - start);
    switch (mode) {
      case bar -> out.print("\r" + line + "   ");
      case lines -> out.println(line);
      case off -> {}
    }
    out.flush();
  }

  /** One progress line, for example {@code run [#####.....] 50% 5/10 2.5/s errors 0}. */
  static String render(String label, long done, long total, long failed, long elapsedNanos) {
    double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    return String.format(
        "%-8s [%s%s] %3d%% %d/%d %.1f/s errors %d",
        label,
        "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled),
        Math.round(fraction * 100),
        done,
        total,
        rate,
        failed);
  }

  @Override
  public void close() {
    if (ticker == null) {
      return;
    }
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
    if (mode == Mode.bar) {
      out.println();
    }
  }
}
