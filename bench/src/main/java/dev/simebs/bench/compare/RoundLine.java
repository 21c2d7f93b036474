package dev.simebs.bench.compare;

import dev.simebs.bench.report.BenchResult;
import java.util.Locale;

/** One round's result in one line, for following a comparison while it runs. */
final class RoundLine {

  private RoundLine() {}

  static String of(BenchResult r) {
    StringBuilder line = new StringBuilder();
    BenchResult.Headline h = r.headline();
    if (h != null) {
      line.append(
          String.format(
              Locale.ROOT, "%s p50 %.2f ms, p99 %.2f ms, %.1f units/s, %d failed; ",
              h.step(), h.p50Ms(), h.p99Ms(), h.unitsPerSecond(), h.failedUnits()));
    }
    BenchResult.Footprint f = r.footprint();
    line.append(
        String.format(
            Locale.ROOT, "probe-ready %s, idle RSS %s, peak RSS %s",
            f.probeReadyMs() == null ? "n/a" : String.format(Locale.ROOT, "%.0f ms", f.probeReadyMs()),
            mib(f.idleRssKiB()), mib(f.peakRssKiB())));
    BenchResult.Contention c = r.contention();
    if (c != null) {
      line.append(
          String.format(
              Locale.ROOT, "; driver %.2f ms CPU per unit; other work %.1f CPU-s in %.1f s",
              c.driverCpuMsPerUnit(), c.otherCpuSeconds(), c.wallSeconds()));
    }
    return line.toString();
  }

  private static String mib(Long kib) {
    return kib == null ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
  }
}
